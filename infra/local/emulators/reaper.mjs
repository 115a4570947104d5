// Watchdog for the local stack: kills the DynamoDB Local `java` process once the Node.js process
// that started it is gone, whatever way it went (Ctrl-C, SIGTERM, a crash, even SIGKILL).
// Usage: node reaper.mjs <parentPid> <childPid>
const [parentPid, childPid] = process.argv.slice(2).map(Number);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const timer = setInterval(() => {
  if (!alive(childPid)) {
    clearInterval(timer);
    return;
  }
  if (!alive(parentPid)) {
    try {
      process.kill(childPid, 'SIGKILL');
    } catch {}
    clearInterval(timer);
  }
}, 250);
