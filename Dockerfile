FROM node:24-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY src ./src
COPY web ./web
COPY migrations ./migrations
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
USER node
CMD ["node", "src/server.ts"]
