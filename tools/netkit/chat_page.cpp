// The chat's web page: no resource from elsewhere, every text put in with
// textContent (never as HTML), usable on a phone, and reconnecting on its
// own (after 1, 2, 4 ... 30 seconds).
#include "chat_web.hpp"

namespace netkit::cli {

const char* const chat_page_html = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>netkit chat</title>
<style>
  body { margin: 0; font: 16px system-ui, sans-serif; display: flex; flex-direction: column;
         height: 100vh; }
  header { padding: .5em 1em; background: #234; color: #fff; display: flex; gap: 1em;
           flex-wrap: wrap; }
  #status { opacity: .8; }
  main { flex: 1; display: flex; min-height: 0; }
  #log { flex: 1; overflow-y: auto; margin: 0; padding: .5em 1em; list-style: none; }
  #log li { padding: .15em 0; overflow-wrap: anywhere; white-space: pre-wrap; }
  #who { width: 12em; margin: 0; padding: .5em 1em; list-style: none; background: #eef;
         overflow-y: auto; }
  @media (max-width: 600px) { #who { display: none; } }
  form { display: flex; gap: .5em; padding: .5em 1em; border-top: 1px solid #ccc; }
  input[type=text] { flex: 1; font-size: 16px; padding: .4em; }
  button { font-size: 16px; }
</style>
</head>
<body>
<header><strong>netkit chat</strong><span id="status">not connected</span></header>
<main><ul id="log"></ul><ul id="who" aria-label="who is here"></ul></main>
<form id="join"><input id="name" type="text" placeholder="Your name" maxlength="32"
  autocomplete="nickname" required><button>Join</button></form>
<form id="say" hidden><input id="text" type="text" placeholder="Say something"
  autocomplete="off"><button>Send</button></form>
<script src="/chat.js"></script>
</body>
</html>
)html";

const char* const chat_page_script = R"js('use strict';
const log = document.getElementById('log');
const who = document.getElementById('who');
const status = document.getElementById('status');
const join = document.getElementById('join');
const say = document.getElementById('say');
const nameBox = document.getElementById('name');
const textBox = document.getElementById('text');
let name = new URLSearchParams(location.search).get('name') || '';
let socket = null;
let delay = 1000;

function show(text) {
  const item = document.createElement('li');
  item.textContent = text;
  log.appendChild(item);
  log.scrollTop = log.scrollHeight;
}

function showRoster(names) {
  who.replaceChildren(...names.map((n) => {
    const item = document.createElement('li');
    item.textContent = n;
    return item;
  }));
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  socket = new WebSocket(scheme + location.host + '/ws');
  status.textContent = 'connecting...';
  socket.onopen = () => {
    delay = 1000;
    socket.send(name);
    status.textContent = 'connected as ' + name;
    join.hidden = true;
    say.hidden = false;
    textBox.focus();
  };
  socket.onmessage = (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (typeof message.line === 'string') show(message.line);
    if (Array.isArray(message.roster)) showRoster(message.roster.map(String));
  };
  socket.onclose = () => {
    status.textContent = 'disconnected; trying again in ' + delay / 1000 + ' s';
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 30000);
  };
}

join.addEventListener('submit', (event) => {
  event.preventDefault();
  name = nameBox.value.trim();
  if (name) connect();
});

say.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textBox.value;
  if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
  socket.send(text);
  show('me: ' + text);
  textBox.value = '';
});

if (name) connect();
)js";

} // namespace netkit::cli
