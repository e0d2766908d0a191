FROM node:24-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY src ./src
COPY web ./web
COPY migrations ./migrations
# Inside a container loopback is unreachable from outside; the image is always published through a port.
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
EXPOSE 4000
USER node
CMD ["node", "src/server.ts"]
