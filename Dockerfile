# syntax=docker/dockerfile:1

# --- build: install every dependency, generate the Prisma client and compile src/ to dist/ (both
# done by npm ci's postinstall), then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: only what the service runs, as the unprivileged `node` user ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PORT=3000 \
    DATA_DIR=/data \
    OUTBOX_DIR=/data/outbox \
    SEEDS_DIR=/app/seeds
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
# The compiled service only: with no src/ beside it, bin/paperboy.js runs dist/ and never tsx.
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY templates ./templates
COPY prisma ./prisma
COPY seeds ./seeds
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `serve` applies pending migrations before it starts listening.
# The V8 flags are the ones bin/paperboy.js's first line gives the command, as MALLOC_ARENA_MAX
# above is the environment it sets (see README, "Memory").
CMD ["node", "--heap-growing-percent=50", "bin/paperboy.js", "serve"]
