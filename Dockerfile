# aep-flow-emulator: Adobe Experience Platform's Flow Service API, emulated locally.
#
#   docker build -t aep-flow-emulator .
#   docker run --rm -p 8080:8080 -v aep-emulator-data:/data -e FIXTURES=customerio aep-flow-emulator
#
# Two stages on the same Node major and the same libc (Debian bookworm, glibc): better-sqlite3 is a
# native addon compiled in the build stage, and it only loads on the ABI and libc it was built for.
# test/dist/dockerfile.test.ts checks this file and runs its CMD, with its ENV, on the built output.

# ---------------------------------------------------------------------------------------------
# build: compile TypeScript and bundle the server (scripts/bundle.mjs: one script and its V8 code
# cache, made by this stage's Node, which is the runtime stage's), build better-sqlite3, drop the dev dependencies
FROM node:20-bookworm-slim AS build

# node-gyp's toolchain, for better-sqlite3 when no prebuilt binary fits the platform
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# dependencies first, so a source change does not reinstall (or recompile) them
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY emulator ./emulator
COPY client ./client
# the bundle's warm-up start (scripts/bundle.mjs) loads FIXTURES=customerio: without the fixtures it
# exits 2 and no code cache is written, and the runtime stage's dist is read-only to the server
COPY fixtures ./fixtures
RUN npm run build \
    && npm prune --omit=dev --no-audit --no-fund

# of better-sqlite3's build, the runtime needs only the addon: its SQLite sources and object files
# are ~25 MB (a prebuilt download has none of them, and this is then a no-op)
RUN cd node_modules/better-sqlite3 \
    && mv build/Release/better_sqlite3.node ./better_sqlite3.node.keep \
    && rm -rf build deps src \
    && mkdir -p build/Release \
    && mv better_sqlite3.node.keep build/Release/better_sqlite3.node

# ---------------------------------------------------------------------------------------------
# runtime: node, the production node_modules, the compiled server, the bins and the fixtures
FROM node:20-bookworm-slim AS runtime

LABEL org.opencontainers.image.title="aep-flow-emulator" \
      org.opencontainers.image.description="Local emulator of Adobe Experience Platform's Flow Service API" \
      org.opencontainers.image.licenses="Apache-2.0"

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DB_PATH=/data/emulator.sqlite \
    PACT_DO_NOT_TRACK=true

WORKDIR /app

# root-owned and read-only for the server's user: only /data is writable. So dist must bring the V8
# code cache the build stage's warm-up start wrote (server-<hash>-<node>-<arch>.v8cache): no start
# here could write one
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json carries "type": "module", which the compiled ESM needs
COPY package.json LICENSE README.md ./
COPY bin ./bin
COPY fixtures ./fixtures
COPY emulator/ui/static ./emulator/ui/static

# aep-flow-emulator and aepflow on PATH (docker compose exec emulator aepflow --help);
# /data owned by the image's unprivileged "node" user (uid 1000), so a named volume inherits it
RUN ln -s /app/bin/aep-flow-emulator.js /usr/local/bin/aep-flow-emulator \
    && ln -s /app/bin/aepflow.js /usr/local/bin/aepflow \
    && mkdir -p /data \
    && chown 1000:1000 /data

# numeric, so Kubernetes' runAsNonRoot can verify it; 1000 is "node" in the official images
USER 1000:1000

VOLUME /data
EXPOSE 8080

# liveness without curl (the slim image has none): Node 20's fetch against the listening port
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/_emulator/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 (exec form, no npm or shell in between), so SIGTERM reaches the server, which
# stops listening, closes the SQLite database and exits 0 (at most 2 s later)
STOPSIGNAL SIGTERM
CMD ["node", "dist/emulator/main.js"]
