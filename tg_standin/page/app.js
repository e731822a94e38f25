// The chat page: one pane per person, each a chat with the bot as Telegram shows it.
// Plain JavaScript, no build step, nothing loaded from outside.
"use strict";

const state = {
  people: [],          // {telegram_id, first_name, last_name, role, pane}
  visible: new Set(),  // ids shown as panes
  versions: new Map(), // id -> the chat version last drawn
  generation: null,    // changes when the sandbox is reset
  sandbox: false,
};

const $ = (selector, root = document) => root.querySelector(selector);

async function api(method, url, body) {
  const options = { method, headers: {} };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) { options.body = JSON.stringify(body); options.headers["Content-Type"] = "application/json"; }
  const response = await fetch(url, options);
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) throw new Error((data && data.error) || response.statusText);
  return data;
}

function toast(text, ms = 3500) {
  const el = $("#toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, ms);
}

function fullName(p) { return [p.first_name, p.last_name].filter(Boolean).join(" "); }

// --- the people and their panes ----------------------------------------------------------

function drawPeople() {
  const nav = $("#people");
  nav.textContent = "";
  for (const person of state.people) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = person.role || fullName(person);
    button.title = fullName(person);
    button.dataset.person = person.telegram_id;
    button.classList.toggle("on", state.visible.has(person.telegram_id));
    button.addEventListener("click", () => {
      if (state.visible.has(person.telegram_id)) state.visible.delete(person.telegram_id);
      else state.visible.add(person.telegram_id);
      drawPanes();
    });
    nav.append(button);
  }
}

function drawPanes() {
  const main = $("#panes");
  const wanted = state.people.filter((p) => state.visible.has(p.telegram_id));
  for (const pane of [...main.children]) {
    if (!state.visible.has(Number(pane.dataset.person))) pane.remove();
  }
  for (const person of wanted) {
    let pane = $(`#pane-${person.telegram_id}`);
    if (!pane) {
      pane = makePane(person);
      state.versions.delete(person.telegram_id);
      drawn.delete(person.telegram_id);
    }
    main.append(pane); // keeps the people's order
  }
  drawPeople();
  pollChats();
}

function makePane(person) {
  const pane = $("#pane-template").content.firstElementChild.cloneNode(true);
  const id = person.telegram_id;
  pane.id = `pane-${id}`;
  pane.dataset.person = id;
  $(".avatar", pane).textContent = (person.first_name || "?").slice(0, 1);
  $(".name", pane).textContent = fullName(person);
  $(".role", pane).textContent = person.role || "";
  $(".hide", pane).addEventListener("click", () => { state.visible.delete(id); drawPanes(); });
  const form = $(".composer", pane);
  const input = $(".text", pane);
  const file = $("input[type=file]", pane);
  const bar = $(".attachment", pane);
  file.addEventListener("change", () => {
    const chosen = file.files[0];
    bar.hidden = !chosen;
    if (chosen) {
      $(".attachment-name", pane).textContent = `📎 ${chosen.name}`;
      $(".as-photo", pane).hidden = !chosen.type.startsWith("image/");
    }
  });
  $(".attachment-cancel", pane).addEventListener("click", () => { file.value = ""; bar.hidden = true; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    const chosen = file.files[0];
    try {
      if (chosen) {
        const data = new FormData();
        data.append("file", chosen, chosen.name);
        data.append("caption", text);
        data.append("as_photo", $(".as-photo input", pane).checked && chosen.type.startsWith("image/") ? "1" : "0");
        await api("POST", `/_standin/users/${id}/upload`, data);
        file.value = "";
        bar.hidden = true;
      } else if (text.trim()) {
        await api("POST", `/_standin/users/${id}/say`, { text, reply_to: pane.dataset.replyTo || null });
        setReply(pane, null);
      } else {
        return;
      }
      input.value = "";
      pollChat(id);
    } catch (error) {
      toast(`Не удалось отправить: ${error.message}`);
    }
  });
  $(".replying-cancel", pane).addEventListener("click", () => setReply(pane, null));
  $(".menu", pane).addEventListener("click", () => {
    const list = $(".menu-list", pane);
    list.hidden = !list.hidden;
  });
  return pane;
}

// --- a chat, drawn ------------------------------------------------------------------------

function drawChat(id, view) {
  const pane = $(`#pane-${id}`);
  if (!pane) return;
  const box = $(".messages", pane);
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  // Messages that did not change keep their elements: a button being pressed stays in place.
  const old = new Map([...box.children].map((node) => [node.dataset.key, node]));
  box.replaceChildren(...view.messages.map((message) => {
    const key = JSON.stringify(message);
    return old.get(key) || withKey(drawMessage(id, message), key);
  }));
  if (atBottom || !drawn.has(id)) box.scrollTop = box.scrollHeight;
  drawn.add(id);

  const keyboard = $(".reply-keyboard", pane);
  const keyboardKey = JSON.stringify([view.reply_keyboard, view.commands]);
  if (keyboard.dataset.key === keyboardKey) return;
  keyboard.dataset.key = keyboardKey;
  keyboard.textContent = "";
  for (const row of view.reply_keyboard || []) {
    const line = document.createElement("div");
    line.className = "kb-row";
    for (const label of row) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => say(id, label));
      line.append(button);
    }
    keyboard.append(line);
  }

  const menu = $(".menu-list", pane);
  menu.textContent = "";
  for (const command of view.commands || []) {
    const button = document.createElement("button");
    button.type = "button";
    const name = document.createElement("b");
    name.textContent = `/${command.command}`;
    button.append(name, ` — ${command.description}`);
    button.addEventListener("click", () => { menu.hidden = true; say(id, `/${command.command}`); });
    menu.append(button);
  }
}

// Telegram's «Reply»: the next text answers this message (the bot routes it by that).
function setReply(pane, message) {
  const bar = $(".replying", pane);
  if (!message) {
    delete pane.dataset.replyTo;
    bar.hidden = true;
    return;
  }
  pane.dataset.replyTo = message.id;
  const snippet = document.createElement("div");
  snippet.innerHTML = message.html || "";
  $(".replying-to", pane).textContent = `↩ Ответ на: ${(snippet.textContent || message.file_name || "сообщение").slice(0, 80)}`;
  bar.hidden = false;
  $(".composer .text", pane).focus();
}

const drawn = new Set(); // panes drawn at least once (the first drawing scrolls to the end)

function withKey(node, key) {
  node.dataset.key = key;
  return node;
}

function drawMessage(id, message) {
  const item = document.createElement("div");
  item.className = `msg ${message.from_bot ? "bot" : "me"}`;
  item.dataset.messageId = message.id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  const reply = document.createElement("button");
  reply.type = "button";
  reply.className = "reply-link";
  reply.textContent = "↩";
  reply.title = "Ответить на это сообщение";
  reply.addEventListener("click", () => setReply(document.getElementById(`pane-${id}`), message));
  bubble.append(reply);
  if (message.forwarded_from) {
    const forwarded = document.createElement("div");
    forwarded.className = "forwarded";
    forwarded.textContent = `Переслано от ${message.forwarded_from}`;
    bubble.append(forwarded);
  }
  if (message.file && message.type === "photo") {
    const image = document.createElement("img");
    image.src = message.file;
    image.alt = "Фото";
    bubble.append(image);
  } else if (message.file) {
    const link = document.createElement("a");
    link.className = "doc";
    link.href = `${message.file}?download=1`;
    link.download = message.file_name;
    link.textContent = `📄 ${message.file_name}`;
    bubble.append(link);
  }
  if (message.html) {
    const text = document.createElement("div");
    text.className = "text";
    text.innerHTML = message.html; // made safe by the server: Telegram's tags only
    bubble.append(text);
  }
  if (message.edited || (message.reactions && message.reactions.length)) {
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = [(message.reactions || []).join(" "), message.edited ? "изменено" : ""].filter(Boolean).join(" · ");
    bubble.append(meta);
  }
  item.append(bubble);
  if (message.buttons && message.buttons.length) {
    const keyboard = document.createElement("div");
    keyboard.className = "kb";
    message.buttons.forEach((row, r) => {
      const line = document.createElement("div");
      line.className = "kb-row";
      row.forEach((button, c) => {
        const element = document.createElement("button");
        element.type = "button";
        element.textContent = button.text;
        element.addEventListener("click", () => {
          if (button.url) window.open(button.url, "_blank", "noopener");
          else press(id, message.id, r, c, element);
        });
        line.append(element);
      });
      keyboard.append(line);
    });
    item.append(keyboard);
  }
  return item;
}

async function say(id, text) {
  try {
    await api("POST", `/_standin/users/${id}/say`, { text });
    pollChat(id);
  } catch (error) {
    toast(`Не удалось отправить: ${error.message}`);
  }
}

async function press(id, messageId, row, column, element) {
  element.classList.add("busy");
  try {
    const answer = await api("POST", `/_standin/users/${id}/button`, { message_id: messageId, row, column });
    if (answer && answer.answer) {
      if (answer.alert) window.alert(answer.answer);
      else toast(answer.answer);
    }
  } catch (error) {
    toast(`Кнопка не сработала: ${error.message}`);
  } finally {
    element.classList.remove("busy");
    pollChat(id);
  }
}

// --- polling -------------------------------------------------------------------------------

async function pollChat(id) {
  const since = state.versions.has(id) ? state.versions.get(id) : "";
  try {
    const view = await api("GET", `/_standin/chats/${id}/view?since=${since}`);
    if (view.same) return;
    state.versions.set(id, view.version);
    drawChat(id, view);
  } catch (error) { /* the server restarts: the next round asks again */ }
}

function pollChats() {
  for (const id of state.visible) pollChat(id);
}

const WEEKDAYS = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];

async function pollSandbox() {
  let config;
  try {
    config = await api("GET", "/_sandbox/state");
    state.sandbox = true;
  } catch (error) {
    if (state.sandbox) return; // the sandbox restarts: ask again next round
    try { // the stand-in alone (make standin): everyone who has a chat, no clock, no reset
      config = { generation: "standin", people: await api("GET", "/_standin/people"), bot: "running" };
    } catch (e) { return; }
    $("#clock").hidden = true;
    $("#reset").hidden = true;
    $("#bot-state").hidden = true;
  }
  if (config.generation !== state.generation) {
    const first = state.generation === null;
    state.generation = config.generation;
    state.people = config.people;
    state.versions.clear();
    if (first) for (const p of config.people) if (p.pane) state.visible.add(p.telegram_id);
    $("#school-name").textContent = config.school ? `— ${config.school}` : "";
    drawPresets(config.presets || []);
    $("#panes").textContent = "";
    drawn.clear();
    drawPanes();
  } else if (config.people.length !== state.people.length) {
    for (const p of config.people) {
      if (!state.people.some((q) => q.telegram_id === p.telegram_id) && !state.sandbox) state.visible.add(p.telegram_id);
    }
    state.people = config.people;
    drawPanes();
  }
  const clock = config.clock;
  if (clock) {
    $("#clock-now").textContent = `${WEEKDAYS[clock.weekday]}, ${clock.local.slice(8, 10)}.${clock.local.slice(5, 7)}.${clock.local.slice(0, 4)} ${clock.local.slice(11, 19)}`;
    const input = $("#clock-input");
    if (!input.value) input.value = clock.local.slice(0, 16);
  }
  const bot = $("#bot-state");
  bot.textContent = config.bot === "running" ? "бот работает" : config.bot === "starting" ? "бот запускается…" : "бот остановлен";
  bot.classList.toggle("down", config.bot !== "running");
}

function drawPresets(presets) {
  const box = $("#clock-presets");
  box.textContent = "";
  for (const preset of presets) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = preset.label;
    if (preset.title) button.title = preset.title;
    button.addEventListener("click", () => setClock(preset.local ? { local: preset.local } : { shift_minutes: preset.shift_minutes }));
    box.append(button);
  }
}

async function setClock(body) {
  try {
    const answer = await api("POST", "/_sandbox/clock", body);
    $("#clock-input").value = answer.local.slice(0, 16);
    toast(`Часы школы: ${answer.local.replace("T", " ").slice(0, 16)}`);
    pollSandbox();
  } catch (error) {
    toast(`Не удалось перевести часы: ${error.message}`);
  }
}

function setup() {
  $("#clock-apply").addEventListener("click", () => {
    const value = $("#clock-input").value;
    if (value) setClock({ local: value });
  });
  $("#reset").addEventListener("click", async () => {
    if (!window.confirm("Сбросить демо-данные? Переписка на странице пропадёт, бот начнёт заново.")) return;
    document.body.classList.add("busy");
    try {
      await api("POST", "/_sandbox/reset");
      toast("Демо-данные восстановлены.");
    } catch (error) {
      toast(`Не удалось сбросить: ${error.message}`);
    } finally {
      document.body.classList.remove("busy");
      pollSandbox();
    }
  });
  $("#add-person").addEventListener("click", async () => {
    const name = window.prompt("Имя нового человека (как в Telegram):", "Новый пользователь");
    if (!name || !name.trim()) return;
    try {
      const person = await api("POST", state.sandbox ? "/_sandbox/people" : "/_standin/people", { name: name.trim() });
      state.people.push(person);
      state.visible.add(person.telegram_id);
      drawPanes();
    } catch (error) {
      toast(`Не удалось добавить: ${error.message}`);
    }
  });
  pollSandbox();
  setInterval(pollSandbox, 1000);
  setInterval(pollChats, 700);
}

document.addEventListener("DOMContentLoaded", setup);
