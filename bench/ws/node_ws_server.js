// Node's ws (npm's most used WebSocket library) for bench/ws/compare.py:
// /echo sends every message back, /room passes it to every other client,
// as ws's README shows a broadcast. bufferutil, the native masking its
// README recommends for speed, is installed beside it.
//     node node_ws_server.js PORT
const { WebSocketServer, WebSocket } = require("ws");

const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(process.argv[2]),
                                  maxPayload: 16 * 1024 * 1024 });
const room = new Set();
wss.on("connection", (ws, request) => {
  if (request.url === "/echo") {
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  } else if (request.url === "/room") {
    room.add(ws);
    ws.on("message", (data, isBinary) => {
      for (const client of room) {
        if (client !== ws && client.readyState === WebSocket.OPEN) {
          client.send(data, { binary: isBinary });
        }
      }
    });
    ws.on("close", () => room.delete(ws));
  } else {
    ws.close(1008, "no such path");
  }
});
wss.on("listening", () => console.log(`listening on 127.0.0.1:${wss.address().port}`));
