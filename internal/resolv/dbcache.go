package resolv

import (
	"os"
	"sync"
	"syscall"
	"time"
)

// parsedFile keeps what a configuration or database file parsed to, and
// parses it again only when stat(2) says it changed (another path, inode,
// size or modification time), the way glibc rechecks /etc/nsswitch.conf:
// a lookup costs one stat instead of open, read and close, and edits still
// apply at once. A missing file parses as empty and is not kept.
type parsedFile[T any] struct {
	mu   sync.Mutex
	path string
	id   fileID
	val  T
	ok   bool
}

type fileID struct {
	ino   uint64
	size  int64
	mtime time.Time
}

// get returns parse's result for the file at path. The value is shared
// between callers: they must not modify it.
func (c *parsedFile[T]) get(path string, parse func([]byte) T) T {
	var id fileID
	fi, err := os.Stat(path)
	if err == nil {
		id = fileID{size: fi.Size(), mtime: fi.ModTime()}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			id.ino = uint64(st.Ino)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil && c.ok && c.path == path && c.id == id {
		return c.val
	}
	data, rerr := os.ReadFile(path)
	c.val, c.path, c.id, c.ok = parse(data), path, id, err == nil && rerr == nil
	return c.val
}
