// A small Markdown renderer for notebook cells (CommonMark's common subset
// plus GitHub tables): headings, paragraphs, emphasis, code spans and
// fenced blocks, lists, block quotes, rules, links, images and math.
// Math ($…$, $$…$$, \(…\), \[…\]) is typeset by KaTeX (vendor/katex,
// loaded by notebook.html before this file): HTML drawn with KaTeX's CSS and
// fonts, plus hidden MathML for screen readers. A LaTeX error shows the source
// in red with the message as its tooltip; if KaTeX did not load, the LaTeX
// source is shown in a math style.
// Raw HTML is escaped except a few formatting tags without attributes.
'use strict';
(() => {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const SAFE = /&lt;(\/?)(br|b|i|em|strong|sub|sup|kbd|code|u|s|small|mark)\s*\/?&gt;/gi;

  function math(tex, display) {
    if (window.katex) {
      try {
        // trust stays false: \href, \includegraphics and \html… are refused.
        return window.katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
      } catch (e) { /* fall through to the source */ }
    }
    const cls = display ? 'math math-display' : 'math math-inline';
    return `<span class="${cls}" title="LaTeX source (KaTeX did not load)">${esc(tex)}</span>`;
  }

  function safeURL(u) {
    u = u.trim();
    return /^(javascript|vbscript|data:text\/html)/i.test(u) ? '#' : u;
  }

  // inline renders a span of text: code and math first (their content is
  // not Markdown), then links, images, emphasis and line breaks.
  function inline(src) {
    const keep = [];
    const hold = (html) => '\u0000' + (keep.push(html) - 1) + '\u0000';
    let s = src;
    s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, __, code) => hold('<code>' + esc(code.trim()) + '</code>'));
    s = s.replace(/\$\$([\s\S]+?)\$\$/g, (_, t) => hold(math(t, true)));
    s = s.replace(/\\\[([\s\S]+?)\\\]/g, (_, t) => hold(math(t, true)));
    s = s.replace(/\\\(([\s\S]+?)\\\)/g, (_, t) => hold(math(t, false)));
    s = s.replace(/(^|[^\\$])\$(?!\s)((?:\\\$|[^$\n])+?)\$(?!\d)/g, (_, pre, t) => pre + hold(math(t, false)));
    s = s.replace(/\\([\\`*_{}\[\]()#+\-.!$|<>])/g, (_, c) => hold(esc(c)));
    s = esc(s).replace(SAFE, '<$1$2>');
    s = s.replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+&quot;([^&]*)&quot;)?\)/g,
      (_, alt, url, title) => `<img src="${safeURL(url)}" alt="${alt}"${title ? ` title="${title}"` : ''}>`);
    s = s.replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+&quot;([^&]*)&quot;)?\)/g,
      (_, text, url, title) => `<a href="${safeURL(url)}" target="_blank" rel="noopener"${title ? ` title="${title}"` : ''}>${text}</a>`);
    s = s.replace(/&lt;(https?:\/\/[^\s&]+)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$1</a>');
    s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>');
    s = s.replace(/(^|[^\w*])\*(?=\S)([\s\S]*?\S)\*(?!\*)/g, '$1<em>$2</em>');
    s = s.replace(/(^|[^\w])_(?=\S)([\s\S]*?\S)_(?!\w)/g, '$1<em>$2</em>');
    s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
    s = s.replace(/( {2,}|\\)\n/g, '<br>\n');
    return s.replace(/\u0000(\d+)\u0000/g, (_, i) => keep[+i]);
  }

  const isBlank = (l) => /^\s*$/.test(l);
  const LIST = /^( {0,3})([-*+]|\d{1,9}[.)])(\s+|$)/;

  function splitRow(line) {
    let l = line.trim();
    if (l.startsWith('|')) l = l.slice(1);
    if (l.endsWith('|') && !l.endsWith('\\|')) l = l.slice(0, -1);
    return l.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
  }

  function blocks(lines) {
    let out = '';
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      let m;
      if (isBlank(line)) { i++; continue; }
      if ((m = line.match(/^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/))) {
        const fence = m[1];
        const body = [];
        i++;
        while (i < lines.length && !lines[i].trim().startsWith(fence)) body.push(lines[i++]);
        i++;
        const lang = m[2] ? ` class="language-${esc(m[2])}"` : '';
        const code = m[2] === 'go' && window.descentHighlightGo ? window.descentHighlightGo(body.join('\n')) : esc(body.join('\n'));
        out += `<pre><code${lang}>${code}</code></pre>\n`;
        continue;
      }
      if (/^\s*\$\$/.test(line)) {
        const body = [line.replace(/^\s*\$\$/, '')];
        let closed = /\$\$\s*$/.test(body[0]) && body[0].trim() !== '';
        if (closed) body[0] = body[0].replace(/\$\$\s*$/, '');
        i++;
        while (!closed && i < lines.length) {
          const l = lines[i++];
          if (/\$\$\s*$/.test(l)) { body.push(l.replace(/\$\$\s*$/, '')); closed = true; } else body.push(l);
        }
        out += `<div class="math-block">${math(body.join('\n').trim(), true)}</div>\n`;
        continue;
      }
      if ((m = line.match(/^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/))) {
        const n = m[1].length;
        const id = m[2].toLowerCase().replace(/[^\w]+/g, '-').replace(/^-|-$/g, '');
        out += `<h${n} id="${id}">${inline(m[2])}</h${n}>\n`;
        i++;
        continue;
      }
      if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) { out += '<hr>\n'; i++; continue; }
      if (/^ {0,3}>/.test(line)) {
        const body = [];
        while (i < lines.length && !isBlank(lines[i])) body.push(lines[i++].replace(/^ {0,3}> ?/, ''));
        out += `<blockquote>${blocks(body)}</blockquote>\n`;
        continue;
      }
      if (line.includes('|') && i + 1 < lines.length && /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(lines[i + 1])) {
        const head = splitRow(line);
        const aligns = splitRow(lines[i + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : ''));
        const al = (j) => (aligns[j] ? ` style="text-align:${aligns[j]}"` : '');
        i += 2;
        let t = '<table><thead><tr>' + head.map((c, j) => `<th${al(j)}>${inline(c)}</th>`).join('') + '</tr></thead><tbody>';
        while (i < lines.length && lines[i].includes('|') && !isBlank(lines[i])) {
          t += '<tr>' + splitRow(lines[i++]).map((c, j) => `<td${al(j)}>${inline(c)}</td>`).join('') + '</tr>';
        }
        out += t + '</tbody></table>\n';
        continue;
      }
      if ((m = line.match(LIST))) {
        const ordered = /\d/.test(m[2]);
        const start = ordered ? parseInt(m[2], 10) : 1;
        const items = [];
        let loose = false;
        while (i < lines.length) {
          const lm = lines[i].match(LIST);
          if (!lm || /\d/.test(lm[2]) !== ordered) break;
          const indent = lm[0].length;
          const item = [lines[i].slice(indent)];
          i++;
          while (i < lines.length) {
            const l = lines[i];
            if (isBlank(l)) {
              if (i + 1 < lines.length && (/^\s{2,}\S/.test(lines[i + 1]) && !LIST.test(lines[i + 1]) || /^\s{2,}([-*+]|\d+[.)])\s/.test(lines[i + 1]))) { item.push(''); i++; loose = true; continue; }
              break;
            }
            if (LIST.test(l) && !/^\s{2,}/.test(l)) break;
            item.push(l.replace(new RegExp('^ {0,' + Math.max(indent, 2) + '}'), ''));
            i++;
          }
          items.push(item);
          const next = i + 1 < lines.length && lines[i + 1].match(LIST);
          if (i < lines.length && isBlank(lines[i]) && next && !/^\s{2,}/.test(lines[i + 1]) && /\d/.test(next[2]) === ordered) { loose = true; i++; }
        }
        const tag = ordered ? 'ol' : 'ul';
        out += `<${tag}${ordered && start !== 1 ? ` start="${start}"` : ''}>` + items.map((it) => {
          const inner = blocks(it);
          return '<li>' + (loose ? inner : inner.replace(/^<p>([\s\S]*?)<\/p>\n?/, '$1')) + '</li>';
        }).join('') + `</${tag}>\n`;
        continue;
      }
      const para = [];
      while (i < lines.length && !isBlank(lines[i]) && !/^ {0,3}(#{1,6}\s|>|`{3,}|~{3,})/.test(lines[i]) && !(para.length && LIST.test(lines[i]) && !/^\s*\d/.test(lines[i]))) {
        if (para.length && /^ {0,3}(=+|-+)\s*$/.test(lines[i])) {
          const n = lines[i].trim()[0] === '=' ? 1 : 2;
          out += `<h${n}>${inline(para.join('\n'))}</h${n}>\n`;
          para.length = 0;
          i++;
          break;
        }
        para.push(lines[i++]);
      }
      if (para.length) out += `<p>${inline(para.join('\n').trim())}</p>\n`;
    }
    return out;
  }

  window.descentMarkdown = (src) => blocks(String(src).replace(/\r\n?/g, '\n').split('\n'));
  window.descentEscape = esc;
})();
