// The web front: the Fastify server (subscribe, manage, feedback, digest web views, /admin,
// /metrics), built from an App by the composition root.
export { buildServer } from './server.js';
