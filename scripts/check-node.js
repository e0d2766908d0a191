// Runs before `npm start` on whatever Node is installed (plain JavaScript, no type stripping), so an old Node
// gets one line with the fix instead of a loader error: MikroORM 7 and running TypeScript directly need 22.17.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(
    `live-pos-api needs Node.js 22.17 or newer, this is ${process.version}: run ./pos start (it installs Node 24 for this project) or install Node 24 (e.g. nvm install 24)`,
  );
  process.exit(1);
}
