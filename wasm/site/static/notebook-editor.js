// The code cell editor: a textarea over a syntax-highlighted copy of its
// text (Go), with Go-style indentation (tabs, auto-indent after { ( [,
// dedent on }), Tab/Ctrl+Space completion from the kernel's
// complete_request, and Shift+Enter / Ctrl+Enter / Alt+Enter to run.
'use strict';
(() => {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const KEYWORDS = new Set(('break case chan const continue default defer else fallthrough for func go goto if import ' +
    'interface map package range return select struct switch type var').split(' '));
  const BUILTINS = new Set(('append cap clear close complex copy delete imag len make max min new panic print println real recover ' +
    'bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any comparable ' +
    'true false nil iota').split(' '));
  const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|`[^`]*`?)|('(?:[^'\\\n]|\\.)*'?)|(\b(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?i?)\b)|([A-Za-z_]\w*)/g;

  // highlight returns the HTML of Go source with token spans.
  function highlight(src) {
    let out = '';
    let last = 0;
    TOKEN.lastIndex = 0;
    let m;
    while ((m = TOKEN.exec(src))) {
      out += esc(src.slice(last, m.index));
      last = TOKEN.lastIndex;
      const t = esc(m[0]);
      if (m[1]) out += `<span class="tok-com">${t}</span>`;
      else if (m[2] || m[3]) out += `<span class="tok-str">${t}</span>`;
      else if (m[4]) out += `<span class="tok-num">${t}</span>`;
      else if (KEYWORDS.has(m[5])) out += `<span class="tok-kw">${t}</span>`;
      else if (BUILTINS.has(m[5])) out += `<span class="tok-bi">${t}</span>`;
      else if (src[last] === '(') out += `<span class="tok-fn">${t}</span>`;
      else if (src[last] === '.' && /^[a-z]/.test(m[5])) out += `<span class="tok-pkg">${t}</span>`;
      else if (/^[A-Z]/.test(m[5])) out += `<span class="tok-exp">${t}</span>`;
      else out += t;
    }
    return out + esc(src.slice(last));
  }
  window.descentHighlightGo = highlight;

  // Code points ↔ UTF-16 offsets (the kernel counts code points).
  const toPoints = (s, i) => [...s.slice(0, i)].length;
  function fromPoints(s, n) {
    let i = 0;
    for (const ch of s) { if (n-- <= 0) break; i += ch.length; }
    return i;
  }

  // Editor wraps one textarea. opts: complete(code, cursorPoints) → Promise
  // of a complete_reply content; run(mode) with mode "next", "stay" or
  // "insert"; change(text).
  class Editor {
    constructor(parent, text, opts) {
      this.opts = opts;
      this.el = document.createElement('div');
      this.el.className = 'editor';
      this.pre = document.createElement('pre');
      this.pre.className = 'hl';
      this.pre.setAttribute('aria-hidden', 'true');
      this.ta = document.createElement('textarea');
      this.ta.spellcheck = false;
      this.ta.autocapitalize = 'off';
      this.ta.setAttribute('autocomplete', 'off');
      this.ta.setAttribute('aria-label', 'Go code');
      this.ta.value = text;
      this.el.append(this.pre, this.ta);
      parent.appendChild(this.el);
      this.menu = null;
      this.ta.addEventListener('input', () => { this.sync(); this.closeMenu(); this.opts.change(this.ta.value); });
      this.ta.addEventListener('keydown', (e) => this.key(e));
      this.ta.addEventListener('blur', () => setTimeout(() => this.closeMenu(), 150));
      this.ta.addEventListener('scroll', () => { this.pre.scrollLeft = this.ta.scrollLeft; });
      this.sync();
    }

    get value() { return this.ta.value; }
    set value(v) { this.ta.value = v; this.sync(); }
    focus() { this.ta.focus(); }

    sync() {
      this.pre.innerHTML = highlight(this.ta.value) + '\n';
      this.ta.style.height = 'auto';
      this.ta.style.height = Math.max(this.pre.scrollHeight, this.ta.scrollHeight) + 'px';
    }

    // edit replaces [from, to) with text and places the caret, keeping the
    // browser's undo stack when it can.
    edit(from, to, text, caret) {
      this.ta.focus();
      this.ta.setSelectionRange(from, to);
      if (!document.execCommand('insertText', false, text)) {
        this.ta.setRangeText(text, from, to, 'end');
      }
      const c = caret === undefined ? from + text.length : caret;
      this.ta.setSelectionRange(c, c);
      this.sync();
      this.opts.change(this.ta.value);
    }

    lineStart(i) { return this.ta.value.lastIndexOf('\n', i - 1) + 1; }

    key(e) {
      const ta = this.ta;
      const v = ta.value;
      const s = ta.selectionStart;
      const end = ta.selectionEnd;
      if (this.menu) {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          this.move(e.key === 'ArrowDown' ? 1 : -1);
          return;
        }
        if ((e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
          e.preventDefault();
          this.accept();
          return;
        }
        if (e.key === 'Escape') { e.preventDefault(); this.closeMenu(); return; }
      }
      if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey)) {
        e.preventDefault();
        this.opts.run(e.shiftKey ? 'next' : e.altKey ? 'insert' : 'stay');
        return;
      }
      if ((e.key === ' ' && e.ctrlKey) || (e.key === 'Tab' && !e.shiftKey && s === end && /[\w.]$/.test(v.slice(this.lineStart(s), s)))) {
        e.preventDefault();
        this.complete();
        return;
      }
      if (e.key === 'Tab') {
        e.preventDefault();
        const a = this.lineStart(s);
        if (s === end && !e.shiftKey) { this.edit(s, end, '\t'); return; }
        const b = v.indexOf('\n', end - (end > s && v[end - 1] === '\n' ? 1 : 0));
        const stop = b < 0 ? v.length : b;
        const lines = v.slice(a, stop).split('\n');
        const out = lines.map((l) => (e.shiftKey ? l.replace(/^(\t| {1,4})/, '') : (l ? '\t' + l : l))).join('\n');
        this.edit(a, stop, out, a);
        ta.setSelectionRange(a, a + out.length);
        return;
      }
      if (e.key === 'Enter') {
        e.preventDefault();
        const a = this.lineStart(s);
        const line = v.slice(a, s);
        let indent = line.match(/^[\t ]*/)[0];
        const opener = /[{([]\s*$/.test(line);
        if (opener) indent += '\t';
        const closer = opener && /^\s*[})\]]/.test(v.slice(end));
        if (closer) {
          const base = indent.slice(0, -1);
          this.edit(s, end, '\n' + indent + '\n' + base, s + 1 + indent.length);
        } else {
          this.edit(s, end, '\n' + indent);
        }
        return;
      }
      if ((e.key === '}' || e.key === ')' || e.key === ']') && s === end) {
        const a = this.lineStart(s);
        const before = v.slice(a, s);
        if (/^[\t ]+$/.test(before)) {
          e.preventDefault();
          this.edit(a, s, before.replace(/(\t| {1,4})$/, '') + e.key);
        }
      }
    }

    async complete() {
      const v = this.ta.value;
      const s = this.ta.selectionStart;
      let reply;
      try {
        reply = await this.opts.complete(v, toPoints(v, s));
      } catch (err) {
        return;
      }
      if (!reply || !reply.matches || !reply.matches.length || this.ta.value !== v) return;
      const from = fromPoints(v, reply.cursor_start);
      const to = fromPoints(v, reply.cursor_end);
      if (reply.matches.length === 1) { this.edit(from, to, reply.matches[0]); return; }
      // Insert the common prefix at once, then offer the choices.
      let prefix = reply.matches[0];
      for (const m of reply.matches) while (!m.startsWith(prefix)) prefix = prefix.slice(0, -1);
      let start = from;
      let stop = to;
      if (prefix.length > to - from) { this.edit(from, to, prefix); stop = from + prefix.length; }
      this.showMenu(reply.matches, start, stop);
    }

    showMenu(matches, from, to) {
      this.closeMenu();
      const ul = document.createElement('ul');
      ul.className = 'completions';
      ul.setAttribute('role', 'listbox');
      matches.slice(0, 200).forEach((m, i) => {
        const li = document.createElement('li');
        li.textContent = m;
        li.setAttribute('role', 'option');
        if (i === 0) li.className = 'sel';
        li.addEventListener('mousedown', (e) => { e.preventDefault(); this.menu.index = i; this.accept(); });
        ul.appendChild(li);
      });
      // Place it under the caret: monospace columns (tabs are 4 wide).
      const v = this.ta.value;
      const a = this.lineStart(to);
      const row = v.slice(0, a).split('\n').length - 1;
      const col = v.slice(a, to).replace(/\t/g, '    ').length;
      const cs = getComputedStyle(this.ta);
      const lh = parseFloat(cs.lineHeight) || 18;
      const cw = this.charWidth();
      ul.style.top = (parseFloat(cs.paddingTop) + (row + 1) * lh) + 'px';
      ul.style.left = (parseFloat(cs.paddingLeft) + col * cw) + 'px';
      this.el.appendChild(ul);
      this.menu = { ul, matches, index: 0, from, to };
    }

    charWidth() {
      if (!this.cw) {
        const span = document.createElement('span');
        span.textContent = 'x'.repeat(40);
        this.pre.appendChild(span);
        this.cw = span.getBoundingClientRect().width / 40 || 7.8;
        span.remove();
      }
      return this.cw;
    }

    move(d) {
      const m = this.menu;
      m.ul.children[m.index].className = '';
      m.index = (m.index + d + m.matches.length) % Math.min(m.matches.length, 200);
      const li = m.ul.children[m.index];
      li.className = 'sel';
      li.scrollIntoView({ block: 'nearest' });
    }

    accept() {
      const m = this.menu;
      this.closeMenu();
      this.edit(m.from, this.ta.selectionStart, m.matches[m.index]);
    }

    closeMenu() {
      if (this.menu) { this.menu.ul.remove(); this.menu = null; }
    }
  }
  window.DescentEditor = Editor;
})();
