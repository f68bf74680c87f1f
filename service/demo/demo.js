// Event extraction demo: calls POST /v1/events and shows the events inline,
// on a timeline and in a table. Plain JavaScript, no dependencies; all text
// from the article and the response goes in through textContent, never as HTML.
"use strict";

(() => {
  // The taxonomy's types in legend order; each has a colour class t-<type> in demo.css.
  const TYPES = [
    "meeting", "agreement", "aid", "withdrawal", "demand", "rejection", "accusation", "warning",
    "sanction", "exercise", "deployment", "attack", "casualties", "arrest", "protest",
  ];
  const ROLES = [
    ["source", "Source"], ["target", "Target"], ["participants", "Participants"],
    ["location", "Location"], ["time", "Time"], ["force", "Force"],
  ];
  const QUAD_CLASSES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

  const state = {
    seeds: [],
    seed: null, // the seed whose text is in the text area, if unchanged
    chars: [], // the submitted text as code points: the API's offsets index these
    response: null,
    events: [],
    byId: new Map(),
    selected: null,
    hidden: new Set(),
  };

  const $ = (selector) => document.querySelector(selector);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const typeClass = (type) => (TYPES.includes(type) ? `t-${type}` : "t-other");
  const slice = (start, end) => state.chars.slice(start, end).join("");
  const visibleEvents = () => state.events.filter((e) => !state.hidden.has(e.type));
  const actorName = (a) => a.canonical && a.canonical !== a.text ? `${a.canonical} (“${a.text}”)` : a.text;
  const actorShort = (a) => (a.canonical || a.text) + (a.country ? ` (${a.country})` : "");

  function setStatus(message, kind) {
    const status = $("#status");
    status.textContent = message;
    status.className = `status ${kind || ""}`;
  }

  // -- input -----------------------------------------------------------------

  async function loadSeeds() {
    const select = $("#seed");
    try {
      const response = await fetch("/demo/seeds.json", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      state.seeds = (await response.json()).seeds || [];
    } catch (error) {
      setStatus(`Could not load the seed articles (${error.message}); paste a text instead.`, "error");
      return;
    }
    for (const seed of state.seeds) {
      const label = [seed.title || seed.id, seed.outlet, seed.published_at].filter(Boolean).join(" · ");
      select.append(el("option", { value: seed.id }, label));
    }
    select.disabled = state.seeds.length === 0;
  }

  function pickSeed() {
    const seed = state.seeds.find((s) => s.id === $("#seed").value) || null;
    state.seed = seed;
    if (!seed) return;
    $("#text").value = seed.text;
    $("#published-at").value = (seed.published_at || "").slice(0, 10);
    updateCount();
  }

  function updateCount() {
    const text = $("#text").value;
    const count = Array.from(text).length;
    $("#text-count").textContent = `${count.toLocaleString("en")} characters`;
    if (state.seed && state.seed.text !== text) {
      state.seed = null; // edited: no longer that seed article
      $("#seed").value = "";
    }
  }

  async function submit(event) {
    event.preventDefault();
    const text = $("#text").value;
    if (!text.trim()) {
      setStatus("Paste an article or choose a seed first.", "error");
      $("#text").focus();
      return;
    }
    const body = { text };
    const published = $("#published-at").value;
    if (published) body.published_at = published;
    if (state.seed && state.seed.text === text) {
      for (const key of ["id", "title", "outlet", "url"]) if (state.seed[key]) body[key] = state.seed[key];
    }
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("#api-key").value.trim();
    if (key) headers["X-API-Key"] = key;

    const button = $("#submit");
    button.disabled = true;
    $("#article-form").setAttribute("aria-busy", "true");
    setStatus("Extracting events…", "busy");
    try {
      const response = await fetch("/v1/events", { method: "POST", headers, body: JSON.stringify(body) });
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        showProblem(response.status, data);
        return;
      }
      render(text, data);
      const n = data.events.length;
      setStatus(`Found ${n} event${n === 1 ? "" : "s"}.`, "ok");
    } catch (error) {
      setStatus(`The request failed: ${error.message}`, "error");
    } finally {
      button.disabled = false;
      $("#article-form").removeAttribute("aria-busy");
    }
  }

  function showProblem(status, problem) {
    if (status === 401) {
      // The server wants a key: open the field for it.
      $("#api-key-field").open = true;
      $("#api-key").focus();
    }
    if (!problem || typeof problem !== "object") {
      setStatus(`The service answered HTTP ${status}.`, "error");
      return;
    }
    const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
    setStatus(`${problem.title || "Error"} (HTTP ${status}): ${problem.detail || ""}${fields ? ` ${fields}` : ""}`, "error");
  }

  // -- results ---------------------------------------------------------------

  function render(text, data) {
    state.chars = Array.from(text);
    state.response = data;
    state.events = data.events;
    state.byId = new Map(data.events.map((e) => [e.id, e]));
    state.selected = null;
    state.hidden.clear();
    $("#results").hidden = false;
    renderSummary();
    renderLegend();
    renderAll();
  }

  function renderAll() {
    if (state.selected && state.hidden.has(state.byId.get(state.selected).type)) state.selected = null;
    renderArticle();
    renderDetail();
    renderTimeline();
    renderTable();
  }

  function renderSummary() {
    const { document: doc, events, meta } = state.response;
    const parts = [
      `${events.length} event${events.length === 1 ? "" : "s"} in ${doc.sentence_count} sentence${doc.sentence_count === 1 ? "" : "s"}`,
      doc.published_at ? `published ${doc.published_at}` : "no publication date (relative dates stay unresolved)",
      `${meta.duration_ms} ms`,
      `model ${meta.model.name} ${meta.model.version}`,
    ];
    $("#summary").textContent = parts.join(" · ");
  }

  function renderLegend() {
    const counts = new Map();
    for (const e of state.events) counts.set(e.type, (counts.get(e.type) || 0) + 1);
    const types = [...TYPES.filter((t) => counts.has(t)), ...[...counts.keys()].filter((t) => !TYPES.includes(t))];
    const items = types.map((type) => {
      const box = el("input", { type: "checkbox", checked: true, value: type });
      box.addEventListener("change", () => {
        if (box.checked) state.hidden.delete(type);
        else state.hidden.add(type);
        renderAll();
      });
      return el("label", { class: "legend-item" }, box, el("span", { class: `swatch ${typeClass(type)}`, "aria-hidden": "true" }),
        type, el("span", { class: "count" }, `${counts.get(type)}`));
    });
    $("#legend-items").replaceChildren(...items);
    $("#legend").hidden = types.length === 0;
  }

  function argumentSpans(event) {
    const spans = [];
    for (const [role] of ROLES) {
      const value = event[role];
      for (const span of Array.isArray(value) ? value : value ? [value] : []) spans.push({ start: span.start, end: span.end, kind: "arg", role });
    }
    return spans;
  }

  function summaryLine(e) {
    const who = [...e.source, ...e.participants].map(actorShort).join(", ");
    const whom = e.target.map(actorShort).join(", ");
    return [
      `${e.type}${e.subtype ? ` (${e.subtype})` : ""}, ${e.modality.status}${e.modality.polarity === "negative" ? ", negated" : ""}`,
      who && `who: ${who}`, whom && `to: ${whom}`,
      e.location && `where: ${e.location.canonical || e.location.text}`,
      e.time && `when: ${e.time.value || e.time.text}`,
    ].filter(Boolean).join(" · ");
  }

  // The text is cut at every span boundary; each piece is wrapped in a <mark>
  // when triggers cover it, so overlapping spans never nest or cross.
  function renderArticle() {
    const total = state.chars.length;
    const spans = [];
    for (const e of visibleEvents()) {
      spans.push({ start: e.trigger.start, end: e.trigger.end, kind: "trigger", event: e });
      for (const m of e.mentions) {
        if (m.trigger.start !== e.trigger.start || m.trigger.end !== e.trigger.end) {
          spans.push({ start: m.trigger.start, end: m.trigger.end, kind: "mention", event: e });
        }
      }
    }
    const selected = state.selected ? state.byId.get(state.selected) : null;
    if (selected) spans.push(...argumentSpans(selected));
    const valid = spans.filter((s) => s.start >= 0 && s.end <= total && s.start < s.end);
    const cuts = new Set([0, total]);
    for (const s of valid) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const tabStops = new Set();
    const pieces = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i += 1) {
      const start = points[i];
      const end = points[i + 1];
      const text = slice(start, end);
      const cover = valid.filter((s) => s.start <= start && s.end >= end);
      if (cover.length === 0) {
        pieces.append(text);
        continue;
      }
      const triggers = cover.filter((s) => s.kind !== "arg")
        .sort((a, b) => (a.end - a.start) - (b.end - b.start) || a.start - b.start);
      const roles = [...new Set(cover.filter((s) => s.kind === "arg").map((s) => s.role))];
      const node = el(triggers.length ? "mark" : "span", {}, text);
      if (triggers.length) {
        const ids = [...new Set(triggers.map((s) => s.event.id))];
        const primary = [...new Set(triggers.filter((s) => s.kind === "trigger").map((s) => s.event.id))];
        node.classList.add("ev", typeClass(triggers[0].event.type));
        if (primary.length === 0) node.classList.add("mention");
        if (ids.length > 1) node.classList.add("multi");
        if (selected && ids.includes(selected.id)) node.classList.add("selected");
        node.dataset.events = ids.join(" ");
        if (primary.length) node.dataset.triggerOf = primary.join(" ");
        node.title = ids.map((id) => `${id}: ${summaryLine(state.byId.get(id))}`).join("\n");
        if (primary.some((id) => !tabStops.has(id))) {
          primary.forEach((id) => tabStops.add(id));
          node.tabIndex = 0;
          node.setAttribute("role", "button");
          node.setAttribute("aria-label", primary.map((id) => `${state.byId.get(id).type} event ${id}: ${state.byId.get(id).trigger.text}`).join("; "));
        }
      }
      if (roles.length) {
        node.classList.add("arg", ...roles.map((r) => `role-${r}`));
        node.dataset.roles = roles.join(" ");
      }
      pieces.append(node);
    }
    $("#article").replaceChildren(pieces);
  }

  function chooseFromMark(mark) {
    const ids = mark.dataset.events.split(" ");
    const primary = (mark.dataset.triggerOf || "").split(" ").filter(Boolean);
    // Repeated clicks on a piece shared by several events cycle through them.
    const at = ids.indexOf(state.selected);
    const id = at >= 0 ? ids[(at + 1) % ids.length] : primary[0] || ids[0];
    select(id, { focus: true });
  }

  function select(id, { scroll = false, focus = false } = {}) {
    state.selected = id;
    renderArticle();
    renderDetail();
    for (const row of document.querySelectorAll("#events-table tbody tr")) {
      row.classList.toggle("selected", row.dataset.eventId === id);
      if (row.dataset.eventId === id) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    }
    for (const chip of document.querySelectorAll("#timeline .chip")) chip.setAttribute("aria-pressed", String(chip.dataset.eventId === id));
    const mark = document.querySelector(`#article mark[data-trigger-of~="${CSS.escape(id)}"]`);
    if (!mark) return;
    if (scroll) mark.scrollIntoView({ block: "center", behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    if (focus) mark.focus({ preventScroll: !scroll });
  }

  // -- detail ------------------------------------------------------------------

  function spanButton(label, span) {
    const button = el("button", { type: "button", class: "link" }, label);
    button.addEventListener("click", () => scrollToSpan(span));
    return button;
  }

  function scrollToSpan(span) {
    for (const mark of document.querySelectorAll("#article mark.ev")) {
      if (mark.dataset.events.split(" ").includes(state.selected) && offsetOf(mark) === span.start) {
        mark.scrollIntoView({ block: "center" });
        mark.classList.add("flash");
        setTimeout(() => mark.classList.remove("flash"), 1200);
        return;
      }
    }
  }

  function offsetOf(node) {
    // Code-point offset of a piece of #article: the length of the text before it.
    let count = 0;
    for (const child of $("#article").childNodes) {
      if (child === node) return count;
      count += Array.from(child.textContent).length;
    }
    return -1;
  }

  function actorList(actors, role) {
    if (!actors.length) return el("span", { class: "none" }, "none");
    return el("ul", { class: "actors", "data-role": role }, actors.map((a) =>
      el("li", {}, el("span", { class: `role-chip role-${role}` }, actorName(a)),
        el("span", { class: "meta" }, [a.entity_type, a.country].filter(Boolean).join(" · ")))));
  }

  function renderDetail() {
    const body = $("#detail-body");
    const e = state.selected ? state.byId.get(state.selected) : null;
    if (!e) {
      body.replaceChildren(el("p", { class: "hint" }, "No event selected. Click a highlighted trigger, a timeline entry or a table row."));
      return;
    }
    const rows = [];
    const add = (term, ...value) => rows.push(el("dt", {}, term), el("dd", {}, ...value));
    const sentence = e.mentions[0].sentence;
    add("Trigger", `“${e.trigger.text}” `, el("span", { class: "meta" }, `characters ${e.trigger.start}–${e.trigger.end}`));
    add(el("span", { class: "role-key role-source" }, "Source"), actorList(e.source, "source"));
    add(el("span", { class: "role-key role-target" }, "Target"), actorList(e.target, "target"));
    add(el("span", { class: "role-key role-participants" }, "Participants"), actorList(e.participants, "participants"));
    add(el("span", { class: "role-key role-location" }, "Location"), e.location
      ? el("span", { "data-role": "location" }, actorName(e.location), el("span", { class: "meta" }, e.location.country || ""))
      : el("span", { class: "none" }, "unknown"));
    add(el("span", { class: "role-key role-time" }, "Date"), e.time
      ? el("span", { "data-role": "time" }, `“${e.time.text}” → `, el("strong", {}, e.time.value || "unresolved"), el("span", { class: "meta" }, e.time.granularity || ""))
      : el("span", { class: "none" }, "none stated"));
    if (e.force) add(el("span", { class: "role-key role-force" }, "Force"), `“${e.force.text}”`, e.force.size ? el("span", { class: "meta" }, e.force.size.toLocaleString("en")) : null);
    add("Modality", el("span", { "data-role": "modality" }, `${e.modality.polarity} · ${e.modality.status}`));
    const cameo = e.codes.cameo;
    add("CAMEO", cameo
      ? el("span", { "data-role": "cameo" }, el("code", {}, cameo.code), el("span", { class: "meta" },
        `root ${cameo.root} · ${QUAD_CLASSES[cameo.quad_class] || `quad class ${cameo.quad_class}`} · Goldstein ${cameo.goldstein}`))
      : el("span", { class: "none" }, "no code"));
    const plover = e.codes.plover;
    add("PLOVER", plover
      ? el("span", { "data-role": "plover" }, el("code", {}, plover.type), plover.mode ? el("span", { class: "meta" }, `mode ${plover.mode}`) : null)
      : el("span", { class: "none" }, "no code"));
    add("Confidence", e.confidence.toFixed(2));
    add(`Mentions (${e.mentions.length})`, el("span", { class: "mentions" },
      e.mentions.map((m, i) => spanButton(`${i + 1}: “${m.trigger.text}” at ${m.trigger.start}`, m.trigger))));
    body.replaceChildren(
      el("p", { class: "detail-head" }, el("span", { class: `swatch ${typeClass(e.type)}`, "aria-hidden": "true" }),
        el("strong", {}, e.type), e.subtype ? ` · ${e.subtype}` : "", el("span", { class: "meta" }, e.id)),
      el("blockquote", { class: "sentence" }, sentenceWithTrigger(sentence, e.mentions[0].trigger)),
      el("dl", {}, rows),
    );
  }

  function sentenceWithTrigger(sentence, trigger) {
    if (trigger.start < sentence.start || trigger.end > sentence.end) return sentence.text;
    return [slice(sentence.start, trigger.start), el("strong", {}, slice(trigger.start, trigger.end)), slice(trigger.end, sentence.end)];
  }

  // -- timeline ----------------------------------------------------------------

  function dateLabel(value, granularity) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
    const format = (options) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options }).format(day);
    try {
      if (granularity === "year") return value;
      if (granularity === "month" && /^\d{4}-\d{2}$/.test(value)) {
        return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(`${value}-01T00:00:00Z`));
      }
      if (day && granularity === "week") return `week of ${format({ day: "numeric", month: "short", year: "numeric" })}`;
      if (day) return format({ weekday: "short", day: "numeric", month: "short", year: "numeric" });
    } catch (error) {
      // fall through: show the ISO value as it is
    }
    return value;
  }

  function dayOffset(value, published) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !published) return "";
    const days = Math.round((Date.parse(`${value}T00:00:00Z`) - Date.parse(`${published}T00:00:00Z`)) / 86400000);
    if (Number.isNaN(days)) return "";
    if (days === 0) return "publication day";
    return `${Math.abs(days)} day${Math.abs(days) === 1 ? "" : "s"} ${days < 0 ? "before" : "after"} publication`;
  }

  function chip(e) {
    const button = el("button", { type: "button", class: `chip ${typeClass(e.type)}`, "aria-pressed": String(e.id === state.selected), dataset: { eventId: e.id } },
      el("span", { class: "chip-type" }, e.type), ` “${e.trigger.text}”`);
    button.title = summaryLine(e);
    button.addEventListener("click", () => select(e.id, { scroll: true }));
    return button;
  }

  function renderTimeline() {
    const published = (state.response.document.published_at || "").slice(0, 10);
    const groups = new Map();
    let undated = 0;
    for (const e of visibleEvents()) {
      if (!e.time || !e.time.value) {
        undated += 1;
        continue;
      }
      const key = `${e.time.value}|${e.time.granularity || ""}`;
      if (!groups.has(key)) groups.set(key, { value: e.time.value, granularity: e.time.granularity || "", events: [] });
      groups.get(key).events.push(e);
    }
    const entries = [...groups.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.granularity.localeCompare(b.granularity)));
    const items = [];
    // The publication date is marked on its own entry, or on the day's entry when events fall on it.
    let publishedShown = !published;
    const publishedItem = () => el("li", { class: "tl-item tl-published" },
      el("div", { class: "tl-date" }, el("time", { datetime: published }, dateLabel(published, "day"))),
      el("div", { class: "tl-body" }, el("span", { class: "tl-note" }, "publication date, no events")));
    for (const group of entries) {
      const onPublication = group.value === published;
      if (!publishedShown && (group.value.slice(0, 10) > published || onPublication)) {
        if (!onPublication) items.push(publishedItem());
        publishedShown = true;
      }
      items.push(el("li", { class: `tl-item${onPublication ? " tl-published" : ""}`, dataset: { date: group.value } },
        el("div", { class: "tl-date" }, el("time", { datetime: group.value }, dateLabel(group.value, group.granularity)),
          el("span", { class: "meta" }, [group.granularity, dayOffset(group.value, published)].filter(Boolean).join(" · "))),
        el("div", { class: "tl-body" }, group.events.map(chip))));
    }
    if (!publishedShown) items.push(publishedItem());
    $("#timeline").replaceChildren(...items);
    $("#undated").textContent = entries.length === 0
      ? "No event has a normalised date."
      : undated ? `${undated} event${undated === 1 ? " has" : "s have"} no normalised date.` : "";
  }

  // -- table -------------------------------------------------------------------

  function renderTable() {
    const rows = visibleEvents().map((e) => {
      const trigger = el("button", { type: "button", class: "link" }, e.trigger.text);
      trigger.setAttribute("aria-label", `Show ${e.type} event ${e.id}, “${e.trigger.text}”, in the text`);
      const who = e.participants.length
        ? e.participants.map(actorShort).join(", ")
        : [e.source.map(actorShort).join(", "), e.target.length ? `→ ${e.target.map(actorShort).join(", ")}` : ""].filter(Boolean).join(" ");
      const cameo = e.codes.cameo;
      const plover = e.codes.plover;
      const row = el("tr", { dataset: { eventId: e.id }, class: e.id === state.selected ? "selected" : null },
        el("td", {}, e.id),
        el("td", { class: "type-cell" }, el("span", { class: `swatch ${typeClass(e.type)}`, "aria-hidden": "true" }), e.type,
          e.subtype ? el("span", { class: "meta" }, e.subtype) : null),
        el("td", {}, trigger),
        el("td", {}, who || el("span", { class: "none" }, "—")),
        el("td", {}, e.location ? e.location.canonical || e.location.text : el("span", { class: "none" }, "—")),
        el("td", { class: "when-cell" }, e.time ? el("span", {}, e.time.value || "unresolved", el("span", { class: "meta" }, `“${e.time.text}”`)) : el("span", { class: "none" }, "—")),
        el("td", {}, `${e.modality.status}${e.modality.polarity === "negative" ? " (negated)" : ""}`),
        el("td", {}, cameo ? el("code", {}, cameo.code) : "—"),
        el("td", {}, plover ? `${plover.type}${plover.mode ? ` / ${plover.mode}` : ""}` : "—"),
        el("td", { class: "num" }, e.confidence.toFixed(2)));
      row.addEventListener("click", () => select(e.id, { scroll: true }));
      return row;
    });
    $("#events-table tbody").replaceChildren(...rows);
    $("#table-caption").textContent = `${rows.length} events in the order the service returned them`;
  }

  // -- wiring ------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    $("#seed").addEventListener("change", pickSeed);
    $("#text").addEventListener("input", updateCount);
    $("#article-form").addEventListener("submit", submit);
    const article = $("#article");
    article.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.ev");
      if (mark) chooseFromMark(mark);
    });
    article.addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark.ev");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        chooseFromMark(mark);
      }
    });
    updateCount();
    loadSeeds();
  });
})();
