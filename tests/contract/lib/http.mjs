// http.mjs -- one HTTP request to the server under test, answered as { status, headers, text }.
// node:http rather than fetch: the server answers some requests (413, 401) from their head and
// closes the connection before reading the body, and an answer that arrived counts even when
// sending the rest of the body then fails.
import http from 'node:http';

export function request(base, method, target, { headers = {}, body } = {}) {
  const url = new URL(target, base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method, headers, timeout: 30_000 }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${target}: no answer within 30 s`)));
    req.on('error', (e) => { if (!answered) reject(e); });
    req.end(body);
  });
}

// A query string from [[name, value], ...] (names may repeat).
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of params) q.append(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
