/* mkdocs-annotated-essay: notes open from their highlights (hover, focus, tap),
   sidenotes on wide screens, deep links, copyable note links, highlight layers
   and the claims filter. The page works without this: notes then sit after
   their paragraph. Runs again on every page under Material's instant loading. */
(() => {
  "use strict";
  // A page prepared for a host without the plugin carries this script itself,
  // and instant loading runs it again on each visit: the first run serves all.
  if (window.annotatedEssay) return;
  window.annotatedEssay = true;
  const WIDE = matchMedia("screen and (min-width: 76.25em)"); // as in the CSS
  const SIDE = ["claim", "xref"];
  const KINDS = ["claim", "glossary", "xref", "quotation"];
  const KEY = "ae-layers";
  const GAP = 12;
  let essay = null;
  let open = null; // {hl, note, how}
  let timer = 0;
  let muted = null;
  let pressed = null; // what a pointer is pressing: its focus waits for the click
  let side = []; // wide screens: each sidenote {note, want, h}, in the order of the text

  const byId = (id) => document.getElementById(id);
  const noteOf = (hl) => byId(hl.dataset.annotation + "--note");
  const firstOf = (note) => byId(note.dataset.noteFor);
  const pieces = (hl) => essay.querySelectorAll(`[data-annotation="${CSS.escape(hl.dataset.annotation)}"]`);
  const layerOff = (el) => essay.classList.contains("ae-off-" + el.dataset.kind);

  /** The innermost highlight around `node` whose layer is shown. */
  function highlightAt(node) {
    let hl = essay && node instanceof Element ? node.closest(".ae-hl") : null;
    while (hl && layerOff(hl)) hl = hl.parentElement.closest(".ae-hl");
    return hl && essay.contains(hl) ? hl : null;
  }

  function show(hl, how, point) {
    const note = noteOf(hl);
    if (!note) return;
    if (open && open.note === note) {
      if (how !== "hover") open.how = how;
      return;
    }
    const was = parseFloat(note.style.top); // a sidenote opens where it is, not under the pointer's feet
    close(false);
    open = { hl, note, how };
    pieces(hl).forEach((p) => p.classList.add("ae-on"));
    note.classList.add("ae-on");
    if (note.hasAttribute("popover")) {
      note.showPopover();
      place(hl, note, point);
    } else {
      stack(note, was);
    }
  }

  function close(refocus) {
    clearTimeout(timer);
    if (!open) return;
    const { hl, note } = open;
    open = null;
    pieces(hl).forEach((p) => p.classList.remove("ae-on"));
    note.classList.remove("ae-on");
    note.style.maxHeight = "";
    if (note.matches(":popover-open")) note.hidePopover();
    else stack(null);
    if (refocus) {
      // Focus goes back to the highlight without opening its note again.
      muted = hl;
      hl.focus();
      muted = null;
    }
  }

  /** Put a popover under (or above) the line of the highlight, inside the viewport, never
      over that line: where neither side has room for all of it, it scrolls in the larger. */
  function place(hl, note, point) {
    const rects = [...hl.getClientRects()];
    const r = (point && rects.find((x) => point.y >= x.top && point.y <= x.bottom)) || rects[0] || hl.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const below = innerHeight - r.bottom - 14;
    const above = r.top - 14;
    note.style.maxHeight = "";
    const h = note.offsetHeight;
    const under = h <= below || (h > above && below >= above);
    if (h > (under ? below : above)) note.style.maxHeight = (under ? below : above) + "px";
    const left = Math.max(8, Math.min(point ? point.x - 24 : r.left, vw - note.offsetWidth - 8));
    note.style.left = left + scrollX + "px";
    note.style.top = (under ? r.bottom + 6 : r.top - 6 - note.offsetHeight) + scrollY + "px";
  }

  function later(fn, ms) {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  }

  function onOver(e) {
    if (!essay || e.pointerType === "touch") return;
    const t = e.target;
    if (open && (open.note.contains(t) || open.hl.contains(t) && highlightAt(t) === open.hl)) return clearTimeout(timer);
    const side = t instanceof Element && t.closest(".ae-side");
    const hl = side ? firstOf(side) : highlightAt(t);
    if (hl) return later(() => show(hl, "hover", side ? null : { x: e.clientX, y: e.clientY }), side ? 0 : 250);
    if (open && open.how === "hover") later(() => close(false), 300);
    else clearTimeout(timer);
  }

  function onClick(e) {
    pressed = null;
    if (!essay) return;
    const link = e.target.closest && e.target.closest(".ae-permalink");
    if (link && essay.contains(link)) return copyLink(link, e);
    const hl = highlightAt(e.target);
    if (hl && open && open.hl === hl && open.how === "tap") return close(false);
    if (hl) return show(hl, "tap", { x: e.clientX, y: e.clientY });
    if (open && !open.note.contains(e.target)) close(false);
  }

  function onFocus(e) {
    if (!essay) return;
    const hl = highlightAt(e.target);
    // A tap or click focuses before it clicks: the click opens the note, under the line it hit.
    if (e.target === muted || (hl && pressed && hl.contains(pressed))) return;
    const note = e.target.closest(".ae-side");
    if (note && essay.contains(note)) return show(firstOf(note), "focus");
    if (hl && e.target === hl) return show(hl, open && open.hl === hl ? open.how : "focus");
    if (open && !open.note.contains(e.target)) close(false);
  }

  function onKey(e) {
    pressed = null;
    if (!essay) return;
    if (e.key === "Escape" && open) {
      e.preventDefault();
      return close(true);
    }
    const hl = (e.key === "Enter" || e.key === " ") && highlightAt(e.target);
    if (hl && e.target === hl) {
      // Enter on a highlight takes the reader into its note; Escape brings them back.
      e.preventDefault();
      show(hl, "tap");
      noteOf(hl).focus();
    }
  }

  function copyLink(link, e) {
    e.preventDefault();
    const url = new URL(link.getAttribute("href"), location.href).href;
    history.replaceState(history.state, "", url);
    mark(byId(decodeURIComponent(new URL(url).hash.slice(1))));
    const say = (text) => {
      let s = link.nextElementSibling;
      if (!s || !s.classList.contains("ae-copied")) {
        s = Object.assign(document.createElement("span"), { className: "ae-copied" });
        s.setAttribute("role", "status");
        link.after(s);
      }
      s.textContent = " " + text;
      setTimeout(() => s.remove(), 4000);
    };
    const clip = navigator.clipboard;
    (clip ? clip.writeText(url) : Promise.reject(new Error("no clipboard"))).then(
      () => say("Link copied"),
      () => say(url),
    );
  }

  function mark(el) {
    essay.querySelectorAll(".ae-targeted").forEach((x) => x.classList.remove("ae-targeted"));
    if (el && essay.contains(el)) el.classList.add("ae-targeted");
  }

  /** `#<id>`: scroll to the highlight, mark it and open its note. */
  function onHash() {
    const el = essay && location.hash.length > 1 ? byId(decodeURIComponent(location.hash.slice(1))) : null;
    if (!el || !essay.contains(el)) return;
    mark(el);
    el.scrollIntoView({ block: "center", behavior: "instant" });
    if (el.matches(".ae-hl")) show(el, "link");
  }

  /** Claim and xref notes in the margin on wide screens, stacked without overlap; popovers otherwise. */
  function layout() {
    if (!essay) return;
    const was = open;
    close(false);
    const wide = WIDE.matches;
    const notes = [...essay.querySelectorAll("aside.ae-note[data-note-for]")];
    for (const note of notes) {
      const side = wide && SIDE.includes(note.dataset.kind);
      note.classList.toggle("ae-side", side);
      if (side) note.removeAttribute("popover");
      else note.setAttribute("popover", "manual");
      note.style.top = note.style.left = "";
    }
    side = [];
    if (wide) {
      // Read every position first, then write: one layout, not one per note.
      const base = essay.getBoundingClientRect().top;
      side = notes
        .filter((n) => n.classList.contains("ae-side") && !layerOff(n))
        .map((note) => ({ note, want: firstOf(note).getBoundingClientRect().top - base, h: note.offsetHeight }));
    }
    stack(null);
    essay.classList.add("ae-laid");
    if (was) show(was.hl, was.how);
  }

  /** Each sidenote beside its line, or as close below it as the notes above allow. An open
      note grows where it was (`was`, when given), inside the viewport; the notes above make
      room upwards, those below are pushed down, so no two ever overlap. */
  function stack(opened, was) {
    const at = side.findIndex((s) => s.note === opened);
    // While one is open the others shrink to their first line, to leave it room.
    essay.classList.toggle("ae-has-open", at >= 0);
    const h = side.map((s) => (at >= 0 ? s.note.offsetHeight : s.h));
    const top = [];
    // From note `first` on, each at its line (or where it is, `kept`), below the one before.
    const place = (first, floor, kept) => {
      for (let i = first; i < side.length; i++) {
        top[i] = Math.max(kept ? top[i] : side[i].want, floor);
        floor = top[i] + h[i] + GAP;
      }
    };
    place(0, 0, false);
    if (at >= 0) {
      const base = essay.getBoundingClientRect().top;
      if (Number.isFinite(was)) top[at] = was;
      top[at] = Math.max(8 - base, Math.min(top[at], innerHeight - 8 - h[at] - base));
      for (let i = at - 1; i >= 0; i--) top[i] = Math.min(top[i], top[i + 1] - h[i] - GAP);
      // None above the essay's top (the title and the key are there): the open one goes
      // lower then, and scrolls inside what is left of the viewport.
      place(0, 0, true);
      const room = innerHeight - 8 - base - top[at];
      if (h[at] > room && room > 160) {
        opened.style.maxHeight = room + "px";
        h[at] = room;
      }
      place(at + 1, top[at] + h[at] + GAP, false);
    }
    side.forEach((s, i) => (s.note.style.top = top[i] + "px"));
    const end = side.length ? Math.max(...side.map((s, i) => top[i] + h[i])) : 0;
    essay.style.minHeight = end ? end + "px" : "";
  }

  function hiddenKinds() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || [];
    } catch {
      return [];
    }
  }

  function applyLayers(off) {
    for (const kind of KINDS) essay.classList.toggle("ae-off-" + kind, off.includes(kind));
    essay.querySelectorAll(".ae-hl").forEach((hl) => (hl.tabIndex = layerOff(hl) ? -1 : 0));
  }

  /** The key to the highlights: each kind's name, in its own highlight style, becomes a
      button that shows or hides that kind; the choice is kept for every page. */
  function layers() {
    const key = document.querySelector(".ae-key");
    const off = hiddenKinds();
    if (key && !key.dataset.wired) {
      key.dataset.wired = "1";
      for (const item of key.querySelectorAll("span[data-layer]")) {
        const b = Object.assign(document.createElement("button"), { type: "button", className: item.className, textContent: item.textContent });
        b.dataset.layer = item.dataset.layer;
        item.replaceWith(b);
      }
      key.addEventListener("click", (e) => {
        const b = e.target.closest("button[data-layer]");
        if (!b) return;
        b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "false");
        const now = [...key.querySelectorAll('[aria-pressed="false"]')].map((i) => i.dataset.layer);
        try {
          localStorage.setItem(KEY, JSON.stringify(now));
        } catch {
          // Private windows may refuse storage: the choice then lasts for this page only.
        }
        applyLayers(now);
        layout();
      });
    }
    if (key) key.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", !off.includes(b.dataset.layer)));
    applyLayers(off);
  }

  /** Filters by verdict and speaker over the grouped list of claims. */
  function claimsFilter(page) {
    const entries = [...page.querySelectorAll(".ae-entry--claim")];
    if (!entries.length || page.querySelector(".ae-filter")) return;
    const box = document.createElement("div");
    box.className = "ae-filter";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Filter claims");
    const status = Object.assign(document.createElement("p"), { className: "ae-status" });
    status.setAttribute("role", "status");
    const select = (name, label, values) => {
      const el = document.createElement("select");
      el.name = name;
      el.add(new Option("All", ""));
      for (const [value, text] of values) el.add(new Option(text, value));
      const wrap = document.createElement("label");
      wrap.append(label + " ", el);
      box.append(wrap);
      return el;
    };
    const verdicts = new Map(entries.map((e) => [e.dataset.verdict, e.querySelector(".ae-verdict").textContent.trim()]));
    const speakers = [...new Set(entries.map((e) => e.dataset.speaker))].sort((a, b) => a.localeCompare(b));
    const verdict = select("verdict", "Verdict", verdicts);
    const speaker = select("speaker", "Speaker", speakers.map((s) => [s, s]));
    const update = () => {
      let shown = 0;
      for (const e of entries) {
        e.hidden = (verdict.value && e.dataset.verdict !== verdict.value) || (speaker.value && e.dataset.speaker !== speaker.value);
        shown += !e.hidden;
      }
      page.querySelectorAll(".ae-group").forEach((g) => (g.hidden = !g.querySelector(".ae-entry:not([hidden])")));
      status.textContent = `Showing ${shown} of ${entries.length} claims.`;
    };
    box.addEventListener("change", update);
    box.append(status);
    page.querySelector(".ae-verdict-index").after(box);
    update();
  }

  function init() {
    open = null;
    clearTimeout(timer);
    essay = document.querySelector(".ae-essay");
    // A browser without the popover API keeps the notes in place, as without JavaScript.
    if (essay && !HTMLElement.prototype.showPopover) {
      essay.classList.add("ae-inline");
      essay = null;
    } else if (essay) {
      for (const note of essay.querySelectorAll("aside.ae-note[data-note-for]")) {
        const hl = firstOf(note);
        note.dataset.kind = hl ? hl.dataset.kind : "";
        note.tabIndex = -1;
      }
      layers();
      layout();
      onHash();
    }
    const claims = document.querySelector(".ae-claims-page");
    if (claims) claimsFilter(claims);
  }

  let frame = 0;
  let width = 0;
  const relayout = () => {
    // Phones resize the viewport's height while scrolling: only a new width moves the notes.
    if (width === innerWidth) return;
    width = innerWidth;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(layout);
  };
  document.addEventListener("pointerover", onOver);
  document.addEventListener("pointerdown", (e) => (pressed = e.target), true);
  document.addEventListener("pointercancel", () => (pressed = null));
  document.addEventListener("click", onClick);
  document.addEventListener("focusin", onFocus);
  document.addEventListener("keydown", onKey);
  addEventListener("hashchange", onHash);
  addEventListener("resize", relayout);
  addEventListener("load", () => (width = 0, relayout()));
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
