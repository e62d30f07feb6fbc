# One small image per service. Each holds Node.js and one directory made by `pnpm deploy`: the package's
# dist/ (and the other files its package.json "files" lists), the dist/ of the workspace packages it uses, and
# their production dependencies. No TypeScript sources, tests, dev dependencies or build tools; Node runs
# dist/ through the packages' "default" export (the `@rtms/source` condition is for development only).
# docker-compose.yml builds one image per service with PACKAGE_DIR; by hand:
#   docker build --build-arg PACKAGE_DIR=services/zoom-api -t rtms-zoom-api .
ARG NODE_VERSION=20

# 1. The whole workspace, installed and built. Identical for every service, so built once and reused.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
# The pnpm pinned in package.json "packageManager".
RUN npm install -g pnpm@12.21.0 --no-audit --no-fund --loglevel=error
# The lockfile alone fills pnpm's store: this layer is reused until the dependencies change.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm exec turbo run build --output-logs=errors-only

# 2. One package in a self-contained directory (pnpm >= 12.2 deploys without injectWorkspacePackages).
FROM build AS deploy
ARG PACKAGE_DIR=services/webhook-gateway
RUN pnpm --filter "./${PACKAGE_DIR}" --prod deploy /deploy

# 3. The image: Node.js and that directory, nothing else.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Debian packages one service needs at run time: docker-compose.yml gives the media-recorder `ffmpeg` (its
# MP4s of video and screen share); the other images get none.
ARG APT_PACKAGES=""
RUN if [ -n "$APT_PACKAGES" ]; then \
      apt-get update && apt-get install -y --no-install-recommends $APT_PACKAGES && rm -rf /var/lib/apt/lists/*; \
    fi
# Owned by root: the service user (node) can read the code, not change it.
COPY --from=deploy /deploy /app
# Mount points for transcript-sink's and media-recorder's files (a named volume takes this ownership).
RUN mkdir -p /transcripts /recordings && chown node:node /transcripts /recordings
USER node
# A service's entry point; the simulator's is dist/cli/main.js (docker-compose.yml sets each command).
CMD ["node", "dist/main.js"]
