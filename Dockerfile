# syntax=docker/dockerfile:1

# --- build: install every dependency, generate the Prisma client, then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: only what the service runs, as the unprivileged `node` user ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    OUTBOX_DIR=/data/outbox \
    SEEDS_DIR=/app/seeds
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/src/db/generated ./src/db/generated
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
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
CMD ["node", "bin/paperboy.js", "serve"]
