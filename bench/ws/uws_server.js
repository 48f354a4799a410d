// uWebSockets.js (npm's unofficial build of it, @trufflesuite/uws-js-unofficial:
// the official one installs only from GitHub) for bench/ws/compare.py:
// /echo sends every message back; /room is a topic every client subscribes
// to, and publish() reaches all the subscribers but the sender, as uWS's
// own examples broadcast. Compression off (its default); the back-pressure
// limit raised to netkit's queue limit, so that no message is dropped.
//     node uws_server.js PORT
const uWS = require("@trufflesuite/uws-js-unofficial");

const limits = { compression: uWS.DISABLED, maxPayloadLength: 16 * 1024 * 1024,
                 maxBackpressure: 16 * 1024 * 1024, idleTimeout: 0 };
uWS.App()
  .ws("/echo", { ...limits, message: (ws, message, isBinary) => { ws.send(message, isBinary); } })
  .ws("/room", {
    ...limits,
    open: (ws) => { ws.subscribe("room"); },
    message: (ws, message, isBinary) => { ws.publish("room", message, isBinary); },
  })
  .listen("127.0.0.1", Number(process.argv[2]), (socket) => {
    if (!socket) {
      console.error("cannot listen");
      process.exit(1);
    }
    console.log(`listening on 127.0.0.1:${process.argv[2]}`);
  });
