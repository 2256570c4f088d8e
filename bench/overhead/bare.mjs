// The floor of a request on node:http: read and parse the JSON body, answer a fixed result.
import http from 'node:http';

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"data":{"__typename":"Query"}}');
    });
  })
  .listen(Number(process.env.PORT));
