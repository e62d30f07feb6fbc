# One image for every service; docker-compose.yml picks the entry point per service.
# Build: docker build -t rtms-gateway .   (or: docker compose build)
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
# The pnpm pinned in package.json "packageManager".
RUN npm install -g pnpm@12.21.0 --no-audit --no-fund --loglevel=error
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm exec turbo run build --output-logs=errors-only \
 && pnpm install --frozen-lockfile --prod

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# Mount point for transcript files (a named volume takes this ownership).
RUN mkdir -p /transcripts && chown node:node /transcripts
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "services/webhook-gateway/dist/main.js"]
