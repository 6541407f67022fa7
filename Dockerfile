# One image for the three apps and the console; the compose file picks the app with APP.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/package.json ./
# Where CSV uploads wait for their import job when replicas share a volume (deploy/, TMPDIR); a
# volume mounted here starts out owned by node, as this directory is.
RUN mkdir -p /var/lib/crm/uploads && chown node:node /var/lib/crm/uploads
USER node
# The app's Node.js options (its heap ceiling) come from the same table npm start and Kubernetes use.
# Without them the app does not start: it would run without its ceiling unnoticed.
CMD ["sh", "-c", "options=$(node -p \"require('./dist/libs/config/src/app-heap').appNodeOptions(process.env.APP).join(' ')\") || exit 1; exec node $options dist/apps/${APP}/src/main.js"]
