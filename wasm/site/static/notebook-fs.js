// An in-memory file system for the notebook's Web Worker, in the shape of
// Node's fs callbacks that Go's syscall package calls under js/wasm
// (wasm_exec.js only provides a stub that fails). Cells can then write and
// read files (os.WriteFile, os.Open, os.MkdirTemp, persist.Save to a file):
// they live in the worker's memory, start with an empty /tmp and are lost
// when the kernel restarts. Load it before wasm_exec.js.
'use strict';
(() => {
  const S_IFDIR = 0o40000;
  const S_IFREG = 0o100000;
  const C = { O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536 };
  const err = (code, path) => Object.assign(new Error(code + ': ' + (path || '')), { code });
  let ino = 1;
  const node = (dir, mode) => ({ dir, mode: (dir ? S_IFDIR : S_IFREG) | (mode & 0o7777), data: new Uint8Array(0), size: 0, kids: dir ? new Map() : null, ino: ino++, mtime: Date.now() });
  const root = node(true, 0o755);
  root.kids.set('tmp', node(true, 0o1777));
  const norm = (p) => {
    const out = [];
    for (const part of String(p).split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop(); else out.push(part);
    }
    return out;
  };
  const lookup = (p) => {
    let n = root;
    for (const part of norm(p)) {
      if (!n.dir) throw err('ENOTDIR', p);
      n = n.kids.get(part);
      if (!n) throw err('ENOENT', p);
    }
    return n;
  };
  const parent = (p) => {
    const parts = norm(p);
    const name = parts.pop();
    if (name === undefined) throw err('EEXIST', p);
    const dir = lookup('/' + parts.join('/'));
    if (!dir.dir) throw err('ENOTDIR', p);
    return [dir, name];
  };
  const stat = (n) => ({
    dev: 1, ino: n.ino, mode: n.mode, nlink: 1, uid: 0, gid: 0, rdev: 0, size: n.dir ? 4096 : n.size, blksize: 4096,
    blocks: Math.ceil(n.size / 512), atimeMs: n.mtime, mtimeMs: n.mtime, ctimeMs: n.mtime, isDirectory: () => n.dir,
  });
  const fds = new Map();
  let nextFD = 10;
  const dec = new TextDecoder();
  let outBuf = '';
  const grow = (n, size) => {
    if (size > n.data.length) {
      const d = new Uint8Array(Math.max(size, n.data.length * 2, 64));
      d.set(n.data.subarray(0, n.size));
      n.data = d;
    }
  };
  // call runs f and hands its result or error to the Node-style callback.
  const call = (cb, f) => { let r; try { r = f(); } catch (e) { cb(e.code ? e : err('EIO', String(e))); return; } cb(null, r); };
  const file = (fd) => { const f = fds.get(fd); if (!f) throw err('EBADF', String(fd)); return f; };

  globalThis.fs = {
    constants: C,
    writeSync(fd, buf) {
      if (fd === 1 || fd === 2) {
        outBuf += dec.decode(buf);
        const nl = outBuf.lastIndexOf('\n');
        if (nl !== -1) { console.log(outBuf.slice(0, nl)); outBuf = outBuf.slice(nl + 1); }
        return buf.length;
      }
      const f = file(fd);
      return this._write(f, buf, 0, buf.length, null);
    },
    _write(f, buf, offset, length, position) {
      const n = f.node;
      let pos = position === null || position === undefined ? (f.append ? n.size : f.pos) : position;
      grow(n, pos + length);
      n.data.set(buf.subarray(offset, offset + length), pos);
      pos += length;
      if (pos > n.size) n.size = pos;
      if (position === null || position === undefined) f.pos = pos;
      n.mtime = Date.now();
      return length;
    },
    write(fd, buf, offset, length, position, cb) {
      if (fd === 1 || fd === 2) { cb(null, this.writeSync(fd, buf.subarray(offset, offset + length))); return; }
      call(cb, () => this._write(file(fd), buf, offset, length, position));
    },
    read(fd, buf, offset, length, position, cb) {
      call(cb, () => {
        const f = file(fd);
        const n = f.node;
        if (n.dir) throw err('EISDIR', f.path);
        const pos = position === null || position === undefined ? f.pos : position;
        const k = Math.max(0, Math.min(length, n.size - pos));
        buf.set(n.data.subarray(pos, pos + k), offset);
        if (position === null || position === undefined) f.pos = pos + k;
        return k;
      });
    },
    open(path, flags, mode, cb) {
      call(cb, () => {
        let n;
        try { n = lookup(path); } catch (e) { if (e.code !== 'ENOENT' || !(flags & C.O_CREAT)) throw e; }
        if (n && (flags & C.O_CREAT) && (flags & C.O_EXCL)) throw err('EEXIST', path);
        if (!n) {
          const [dir, name] = parent(path);
          n = node(false, mode);
          dir.kids.set(name, n);
        }
        if (n.dir && (flags & 3)) throw err('EISDIR', path);
        if (!n.dir && (flags & C.O_DIRECTORY)) throw err('ENOTDIR', path);
        if (flags & C.O_TRUNC) { n.size = 0; n.mtime = Date.now(); }
        const fd = nextFD++;
        fds.set(fd, { node: n, path, pos: 0, append: !!(flags & C.O_APPEND) });
        return fd;
      });
    },
    close(fd, cb) { call(cb, () => { file(fd); fds.delete(fd); }); },
    fstat(fd, cb) { call(cb, () => stat(file(fd).node)); },
    stat(path, cb) { call(cb, () => stat(lookup(path))); },
    lstat(path, cb) { call(cb, () => stat(lookup(path))); },
    fsync(fd, cb) { cb(null); },
    ftruncate(fd, length, cb) { call(cb, () => { const n = file(fd).node; grow(n, length); if (length > n.size) n.data.fill(0, n.size, length); n.size = length; }); },
    truncate(path, length, cb) { call(cb, () => { const n = lookup(path); grow(n, length); n.size = length; }); },
    mkdir(path, perm, cb) {
      call(cb, () => {
        const [dir, name] = parent(path);
        if (dir.kids.has(name)) throw err('EEXIST', path);
        dir.kids.set(name, node(true, perm));
      });
    },
    readdir(path, cb) {
      call(cb, () => { const n = lookup(path); if (!n.dir) throw err('ENOTDIR', path); return [...n.kids.keys()]; });
    },
    unlink(path, cb) {
      call(cb, () => { const [dir, name] = parent(path); const n = dir.kids.get(name); if (!n) throw err('ENOENT', path); if (n.dir) throw err('EISDIR', path); dir.kids.delete(name); });
    },
    rmdir(path, cb) {
      call(cb, () => { const [dir, name] = parent(path); const n = dir.kids.get(name); if (!n) throw err('ENOENT', path); if (!n.dir) throw err('ENOTDIR', path); if (n.kids.size) throw err('ENOTEMPTY', path); dir.kids.delete(name); });
    },
    rename(from, to, cb) {
      call(cb, () => { const [d1, n1] = parent(from); const n = d1.kids.get(n1); if (!n) throw err('ENOENT', from); const [d2, n2] = parent(to); d1.kids.delete(n1); d2.kids.set(n2, n); });
    },
    chmod(path, mode, cb) { call(cb, () => { const n = lookup(path); n.mode = (n.mode & ~0o7777) | (mode & 0o7777); }); },
    fchmod(fd, mode, cb) { call(cb, () => { const n = file(fd).node; n.mode = (n.mode & ~0o7777) | (mode & 0o7777); }); },
    chown(path, uid, gid, cb) { call(cb, () => { lookup(path); }); },
    fchown(fd, uid, gid, cb) { call(cb, () => { file(fd); }); },
    lchown(path, uid, gid, cb) { call(cb, () => { lookup(path); }); },
    utimes(path, atime, mtime, cb) { call(cb, () => { lookup(path).mtime = mtime * 1000; }); },
    link(path, link, cb) { cb(err('ENOSYS', path)); },
    symlink(path, link, cb) { cb(err('ENOSYS', path)); },
    readlink(path, cb) { cb(err('EINVAL', path)); },
  };
  globalThis.path = { resolve: (...parts) => '/' + norm(parts.join('/')).join('/') };
})();
