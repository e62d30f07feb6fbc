import http from 'node:http';

// An OTLP/HTTP collector stand-in for the tracing benchmark: reads each export, counts its bytes, answers 200.
// GET /healthz for the start-up wait, GET /stats for what it received.

let exports = 0;
let bytes = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return res.end('ok');
  if (req.method === 'GET' && req.url === '/stats') return res.end(JSON.stringify({ exports, bytes }));
  req.on('data', (c) => {
    bytes += c.length;
  });
  req.on('end', () => {
    exports += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
