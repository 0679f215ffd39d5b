# Copilot Partner Access: the production image. Compiled JavaScript and production dependencies only; runs as the
# unprivileged `node` user and reports health on /healthz. Several instances share state through PostgreSQL:
#   docker build -t copilot-partner-access .
#   docker run -p 3978:3978 -e DATABASE_URL=postgres://user:pass@db:5432/cpa -e BOT_ID=… --env-file bot.env copilot-partner-access
# Every setting is in .env.example; a bad or missing one stops start-up with a message naming each.

# --- 1. production dependencies (better-sqlite3 may compile from source: it needs a toolchain) --------------------
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# rimraf is a production dependency because botbuilder-dialogs' postinstall calls `npx rimraf`.
RUN npm ci --omit=dev --no-audit --no-fund

# --- 2. compile TypeScript (dev dependencies live only in this stage) -----------------------------------------------
FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- 3. runtime ---------------------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
# The code is owned by root and read-only for the app; only ./data (SQLite, single-instance use) is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Set DATABASE_URL to a postgres:// URL for anything beyond one instance.
CMD ["node", "dist/index.js"]
