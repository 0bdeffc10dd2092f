/* Growiyo chat widget: <script src="https://<shop>.agents.../widget.js" async data-key="wk_..."></script>
   One file, no framework, no requests except to the host it was loaded from. Everything the model
   or a person wrote is put in the page with textContent, never as HTML. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || customElements.get("growiyo-chat")) return;
  const KEY = script.dataset.key || "";
  const BASE = new URL(script.src, location.href).origin;
  const API = BASE + "/api/v1/chat/widget/";
  const STORE = "growiyo-chat:" + KEY;
  const pick = (v) => (v || "").slice(0, 2).toLowerCase();
  const pageLang = pick(script.dataset.lang || document.documentElement.lang);
  const LANG = pageLang === "en" || pageLang === "sl" ? pageLang : pick(navigator.language) === "en" ? "en" : "sl";
  const T = {
    sl: {open: "Odpri klepet", close: "Zapri klepet", send: "Pošlji", ph: "Napišite sporočilo…", msg: "Sporočilo",
      typing: "Odgovarjam…", contact: "Pustite kontakt", human: "Pogovor z osebo", name: "Ime", email: "E-pošta",
      phone: "Telefon", note: "Sporočilo (neobvezno)", submit: "Pošlji kontakt", cancel: "Prekliči",
      err: "Povezava ni uspela. Poskusite znova.", you: "Vi", bot: "Asistent", owner: "Ekipa trgovine",
      closed: "Trgovina je trenutno zaprta. Pustite kontakt in oglasili se bomo."},
    en: {open: "Open chat", close: "Close chat", send: "Send", ph: "Write a message…", msg: "Message",
      typing: "Typing…", contact: "Leave your contact", human: "Talk to a person", name: "Name", email: "Email",
      phone: "Phone", note: "Message (optional)", submit: "Send contact", cancel: "Cancel",
      err: "Connection failed. Please try again.", you: "You", bot: "Assistant", owner: "Shop team",
      closed: "The shop is closed right now. Leave your contact and we will get back to you."},
  }[LANG];

  const CSS = `
:host{all:initial;position:fixed;z-index:2147483000;bottom:20px;right:20px;color:var(--gy-fg)!important;
 font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--gy-primary:#2563eb;--gy-on-primary:#fff;
 --gy-fg:#1f2937;--gy-bg:#fff;--gy-muted:#f3f4f6;--gy-border:#d1d5db}
:host([data-position=bottom-left]){right:auto;left:20px}
*{box-sizing:border-box;color:var(--gy-fg);font:inherit;margin:0}
button{cursor:pointer;border:0;border-radius:8px;padding:8px 12px;background:var(--gy-muted)}
button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid var(--gy-primary);outline-offset:2px}
.launcher{width:56px;height:56px;border-radius:50%;background:var(--gy-primary);box-shadow:0 4px 14px #0004;padding:0}
.launcher svg{width:28px;height:28px;fill:var(--gy-on-primary)}
.panel{position:absolute;bottom:70px;right:0;width:360px;max-width:calc(100vw - 40px);height:520px;
 max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:var(--gy-bg);
 border:1px solid var(--gy-border);border-radius:14px;box-shadow:0 10px 30px #0003;overflow:hidden}
:host([data-position=bottom-left]) .panel{right:auto;left:0}
.panel[hidden],[hidden]{display:none!important}
header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:var(--gy-primary)}
header *{color:var(--gy-on-primary)}
h2{flex:1;font-size:16px;font-weight:600}
header button{background:transparent;font-size:20px;line-height:1;padding:2px 8px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.m{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--gy-muted)}
.m.user{align-self:flex-end;background:var(--gy-primary)}
.m.user,.m.user *{color:var(--gy-on-primary)}
.m.owner{border:2px solid var(--gy-primary);background:var(--gy-bg)}
.m.system{align-self:center;background:transparent;font-size:12px;font-style:italic;text-align:center}
.who{display:block;font-size:11px;opacity:.75}
.offer{align-self:flex-start;font-size:13px;border:1px solid var(--gy-primary);background:var(--gy-bg)}
.typing{padding:0 14px 6px;font-size:12px;font-style:italic}
.bar{display:flex;gap:6px;padding:6px 12px 0;flex-wrap:wrap}
.bar button{font-size:12px;padding:5px 9px}
form.compose{display:flex;gap:8px;padding:10px 12px;border-top:1px solid var(--gy-border)}
textarea,input{flex:1;width:100%;border:1px solid var(--gy-border);border-radius:8px;padding:8px;background:var(--gy-bg);resize:none}
.send{background:var(--gy-primary)}
.send,.send *{color:var(--gy-on-primary)}
form.lead{display:flex;flex-direction:column;gap:6px;padding:10px 12px;border-top:1px solid var(--gy-border)}
form.lead label{font-size:12px}
.consent{display:flex;gap:6px;align-items:flex-start}
.consent input{flex:none;width:auto;margin-top:3px}
.err{padding:0 12px 8px;font-size:12px}
.err,.err *{color:#b91c1c}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:480px){.panel{position:fixed;inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}}`;

  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (v !== false && v != null) el.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid) el.append(kid);
    return el;
  };
  const load = () => { try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; } };

  class GrowiyoChat extends HTMLElement {
    connectedCallback() {
      if (this.root) return;
      this.state = load();
      this.seen = new Set();
      this.cursor = 0;
      this.root = this.attachShadow({mode: "open"});
      this.build();
      this.api("config/?lang=" + LANG).then((d) => this.apply(d)).catch(() => {});
      if (this.state.s) this.start().then(() => { if (this.state.o) this.toggle(true); });
    }
    save() { try { localStorage.setItem(STORE, JSON.stringify(this.state)); } catch (e) { /* private mode */ } }
    async api(path, opts = {}) {
      const res = await fetch(API + path, {...opts, headers: {"Content-Type": "application/json",
        "X-Widget-Key": KEY, "X-Widget-Lang": LANG, ...(this.state.v ? {"X-Visitor-Id": this.state.v} : {})}});
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error((data.error && data.error.message) || T.err);
      return data;
    }
    build() {
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 24 24");
      svg.setAttribute("aria-hidden", "true");
      const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z");
      svg.append(path);
      this.launcher = h("button", {part: "launcher", class: "launcher", "aria-label": T.open,
        "aria-expanded": "false", "aria-controls": "gy-panel", onclick: () => this.toggle()}, svg);
      this.titleEl = h("h2", {id: "gy-title", text: ""});
      this.log = h("div", {part: "log", class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions"});
      this.typing = h("div", {class: "typing", role: "status", text: T.typing, hidden: true});
      this.input = h("textarea", {part: "input", id: "gy-input", rows: "2", maxlength: "2000", placeholder: T.ph,
        onkeydown: (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); this.send(); } }});
      this.err = h("p", {class: "err", role: "alert"});
      this.leadForm = this.buildLead();
      this.panel = h("section", {part: "panel", class: "panel", id: "gy-panel", role: "dialog",
        "aria-labelledby": "gy-title", hidden: true,
        onkeydown: (e) => { if (e.key === "Escape") { this.toggle(false); this.launcher.focus(); } }},
        h("header", {part: "header"}, this.titleEl,
          h("button", {class: "x", "aria-label": T.close, text: "×", onclick: () => this.toggle(false)})),
        this.log, this.typing,
        h("div", {class: "bar"},
          h("button", {type: "button", text: T.contact, onclick: () => this.showLead()}),
          h("button", {type: "button", text: T.human, onclick: () => this.handoff()})),
        this.leadForm,
        h("form", {class: "compose", onsubmit: (e) => { e.preventDefault(); this.send(); }},
          h("label", {for: "gy-input", class: "sr", text: T.msg}), this.input,
          h("button", {part: "send", class: "send", type: "submit", text: T.send})),
        this.err);
      this.root.append(h("style", {text: CSS}), this.panel, this.launcher);
    }
    buildLead() {
      const field = (name, label, type) => h("label", {}, label,
        h("input", {name, type, autocomplete: name === "message" ? "off" : name, maxlength: "254"}));
      this.consentLabel = h("span", {text: ""});
      return h("form", {class: "lead", hidden: true, onsubmit: (e) => { e.preventDefault(); this.sendLead(); }},
        field("name", T.name, "text"), field("email", T.email, "email"), field("tel", T.phone, "tel"),
        field("message", T.note, "text"),
        h("label", {class: "consent"}, h("input", {type: "checkbox", name: "consent"}), this.consentLabel),
        h("div", {class: "bar"}, h("button", {type: "submit", class: "send", text: T.submit}),
          h("button", {type: "button", text: T.cancel, onclick: () => { this.leadForm.hidden = true; }})));
    }
    apply(d) {
      const s = d.settings || {};
      this.titleEl.textContent = s.title || "";
      this.greeting = s.greeting || "";
      if (/^#[0-9a-f]{6}$/i.test(s.primary_color || "")) this.style.setProperty("--gy-primary", s.primary_color);
      this.dataset.position = s.position === "bottom-left" ? "bottom-left" : "bottom-right";
      if (d.consent_text) this.consentLabel.textContent = d.consent_text;
      this.closed = d.open === false;
    }
    start() {
      // One start at a time: opening the panel and a quick click must not make two sessions.
      if (!this.starting) this.starting = this.doStart().finally(() => { this.starting = null; });
      return this.starting;
    }
    async doStart() {
      try {
        const d = await this.api("sessions/", {method: "POST", body: JSON.stringify({lang: LANG,
          session_id: this.state.s || "", visitor_id: this.state.v || "", page_url: location.href,
          customer_id: script.dataset.customerId || null})});
        this.apply(d);
        if (d.session_id !== this.state.s) { this.log.replaceChildren(); this.seen.clear(); this.cursor = 0; }
        Object.assign(this.state, {s: d.session_id, v: d.visitor_id});
        this.save();
        this.handoffStatus = d.handoff_status;
        if (!this.log.childElementCount && this.greeting) this.add({role: "assistant", content: this.greeting});
        if (this.closed && !this.closedShown) { this.closedShown = true; this.add({role: "system", content: T.closed, meta: {offer_lead: true}}); }
        d.messages.forEach((m) => this.add(m));
        if (d.reply_pending || d.handoff_status !== "bot") this.listen();
      } catch (e) { this.err.textContent = e.message; }
    }
    toggle(open) {
      open = open === undefined ? this.panel.hidden : open;
      this.panel.hidden = !open;
      this.launcher.setAttribute("aria-expanded", String(open));
      this.launcher.setAttribute("aria-label", open ? T.close : T.open);
      this.state.o = open;
      this.save();
      if (open) {
        if (!this.state.s || !this.log.childElementCount) this.start();
        setTimeout(() => this.input.focus(), 0);
      }
    }
    add(m) {
      if (m.id) {
        if (this.seen.has(m.id)) return;
        this.seen.add(m.id);
        this.cursor = Math.max(this.cursor, m.id);
      }
      let el = m.role === "assistant" && this.live;
      if (el) { this.live = null; el.removeAttribute("aria-busy"); el.lastChild.textContent = m.content; }
      else {
        const who = {user: T.you, assistant: T.bot, owner: T.owner}[m.role];
        el = h("div", {part: "message", class: "m " + m.role}, who ? h("span", {class: "who sr", text: who + ": "}) : null,
          h("span", {text: m.content}));
        if (m.role === "owner") el.firstChild.classList.remove("sr");
        this.log.append(el);
      }
      if (m.meta && m.meta.offer_lead) this.log.append(h("button", {class: "offer", type: "button", text: T.contact, onclick: () => this.showLead()}));
      if (m.role !== "user") this.typing.hidden = true;
      this.log.scrollTop = this.log.scrollHeight;
      return el;
    }
    delta(text) {
      if (!this.live) { this.live = this.add({role: "assistant", content: ""}); this.live.setAttribute("aria-busy", "true"); }
      this.live.lastChild.textContent += text;
      this.log.scrollTop = this.log.scrollHeight;
    }
    async send() {
      const content = this.input.value.trim();
      if (!content || this.sending) return;
      this.sending = true;
      this.err.textContent = "";
      try {
        if (!this.state.s) await this.start();
        const d = await this.api("sessions/" + this.state.s + "/messages/", {method: "POST", body: JSON.stringify({content, lang: LANG})});
        this.input.value = "";
        this.add(d.message);
        this.handoffStatus = d.handoff_status;
        if (d.handoff_status === "bot") this.typing.hidden = false;
        this.listen();
      } catch (e) { this.err.textContent = e.message; }
      this.sending = false;
    }
    async listen() {
      if (this.listening) return;
      this.listening = true;
      let again = false;
      try {
        const res = await fetch(API + "sessions/" + this.state.s + "/stream/?cursor=" + this.cursor + "&visitor_id=" +
          encodeURIComponent(this.state.v), {headers: {"X-Widget-Key": KEY, "X-Widget-Lang": LANG, Accept: "text/event-stream"}});
        if (!res.ok || !res.body) throw new Error(T.err);
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = "";
        again = true;
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          buf += dec.decode(value, {stream: true});
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let ev = "message", data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event: ")) ev = line.slice(7);
              else if (line.startsWith("data: ")) data += line.slice(6);
            }
            if (!data) continue;
            const d = JSON.parse(data);
            if (ev === "message") this.add(d);
            else if (ev === "delta") this.delta(d.text);
            else if (ev === "typing") this.typing.hidden = false;
            else if (ev === "end") { again = false; this.handoffStatus = d.handoff_status; }
          }
        }
      } catch (e) { this.err.textContent = e.message; }
      this.listening = false;
      if (again) setTimeout(() => this.listen(), 1000);
      else this.typing.hidden = true;
    }
    showLead() {
      this.leadForm.hidden = false;
      this.leadForm.querySelector("input").focus();
    }
    async sendLead() {
      const f = this.leadForm.elements;
      this.err.textContent = "";
      try {
        if (!this.state.s) await this.start();
        const d = await this.api("sessions/" + this.state.s + "/lead/", {method: "POST", body: JSON.stringify({lang: LANG,
          name: f.namedItem("name").value, email: f.namedItem("email").value, phone: f.namedItem("tel").value,
          message: f.namedItem("message").value, consent: f.namedItem("consent").checked})});
        this.leadForm.hidden = true;
        this.leadForm.reset();
        this.add({role: "system", content: d.message});
      } catch (e) { this.err.textContent = e.message; }
    }
    async handoff() {
      try {
        if (!this.state.s) await this.start();
        await this.api("sessions/" + this.state.s + "/handoff/", {method: "POST", body: "{}"});
        this.listen();
      } catch (e) { this.err.textContent = e.message; }
    }
  }
  customElements.define("growiyo-chat", GrowiyoChat);
  const mount = () => document.body.append(document.createElement("growiyo-chat"));
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
