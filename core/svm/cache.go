package svm

// CacheStats describes the kernel-row cache of the last binary problem
// solved (for multiclass SVC, the largest of the one-vs-one problems; its
// counts are summed over all of them).
type CacheStats struct {
	// LimitBytes is the size the cache may grow to: Config.CacheMB, raised
	// to two kernel rows when that is smaller (the solver needs two rows at
	// once, as in libsvm).
	LimitBytes int64
	// PeakBytes is the most memory the cached rows ever held.
	PeakBytes int64
	// RowLen is the length of one cached row (the number of training
	// samples of the binary problem); a row holds RowLen float32 values.
	RowLen int
	// Hits counts requests served entirely from the cache, Misses those
	// that computed some kernel values, Evictions the rows dropped to make
	// room.
	Hits, Misses, Evictions int64
}

// rowCache is libsvm's kernel cache: rows of the kernel (Q) matrix indexed
// by sample, each valid on a prefix [0, filled), evicted least recently used
// first. Unlike libsvm, which reallocates a row to the length requested,
// every slot owns a buffer of the full row length, which makes eviction a
// reuse of the buffer (no garbage) and the memory bound exact:
// slots × rowLen × 4 bytes ≤ LimitBytes.
type rowCache struct {
	rowLen   int
	maxSlots int
	slotOf   []int32 // per index: its slot, or -1
	// per slot
	owner  []int32
	filled []int32
	data   [][]float32
	// circular LRU list over slots; node maxSlots is the sentinel head.
	prev, next []int32
	stats      CacheStats
}

func newRowCache(n int, limitBytes int64) *rowCache {
	rowBytes := int64(n) * 4
	slots := int64(2)
	if rowBytes > 0 && limitBytes/rowBytes > slots {
		slots = limitBytes / rowBytes
	}
	if slots > int64(n) {
		slots = int64(n)
	}
	if slots < 2 {
		slots = 2
	}
	limit := limitBytes
	if limit < 2*rowBytes {
		limit = 2 * rowBytes
	}
	c := &rowCache{
		rowLen:   n,
		maxSlots: int(slots),
		slotOf:   make([]int32, n),
		prev:     make([]int32, 1, slots+1),
		next:     make([]int32, 1, slots+1),
	}
	c.prev[0], c.next[0] = 0, 0 // sentinel is node 0; slot s is node s+1
	for i := range c.slotOf {
		c.slotOf[i] = -1
	}
	c.stats = CacheStats{LimitBytes: limit, RowLen: n}
	return c
}

func (c *rowCache) unlink(node int32) {
	c.next[c.prev[node]] = c.next[node]
	c.prev[c.next[node]] = c.prev[node]
}

// pushBack makes node the most recently used.
func (c *rowCache) pushBack(node int32) {
	last := c.prev[0]
	c.next[node] = 0
	c.prev[node] = last
	c.next[last] = node
	c.prev[0] = node
}

// get returns the row of index with room for length values and the position
// from which the caller must compute them (start ≥ length: nothing to do).
func (c *rowCache) get(index, length int) (row []float32, start int) {
	s := c.slotOf[index]
	if s >= 0 {
		node := s + 1
		c.unlink(node)
		c.pushBack(node)
		f := int(c.filled[s])
		if f >= length {
			c.stats.Hits++
			return c.data[s], length
		}
		c.filled[s] = int32(length)
		c.stats.Misses++
		return c.data[s], f
	}
	c.stats.Misses++
	if len(c.owner) < c.maxSlots {
		s = int32(len(c.owner))
		c.owner = append(c.owner, int32(index))
		c.filled = append(c.filled, int32(length))
		c.data = append(c.data, make([]float32, c.rowLen))
		c.prev = append(c.prev, 0)
		c.next = append(c.next, 0)
		if b := int64(len(c.owner)) * int64(c.rowLen) * 4; b > c.stats.PeakBytes {
			c.stats.PeakBytes = b
		}
	} else {
		// Evict the least recently used row and reuse its buffer.
		node := c.next[0]
		s = node - 1
		c.unlink(node)
		if old := c.owner[s]; old >= 0 {
			c.slotOf[old] = -1
			c.stats.Evictions++
		}
		c.owner[s] = int32(index)
		c.filled[s] = int32(length)
	}
	c.slotOf[index] = s
	c.pushBack(s + 1)
	return c.data[s], 0
}

// drop forgets the row held in slot s.
func (c *rowCache) drop(s int32) {
	c.unlink(s + 1)
	c.slotOf[c.owner[s]] = -1
	c.owner[s] = -1
	c.filled[s] = 0
	// Keep the buffer: move the slot to the front so it is reused first.
	next := c.next[0]
	c.next[s+1] = next
	c.prev[s+1] = 0
	c.prev[next] = s + 1
	c.next[0] = s + 1
}

// swap exchanges indices i and j, as libsvm's Cache::swap_index: their rows
// change owners, and inside every cached row the values at i and j are
// exchanged (a row too short to hold both is dropped).
func (c *rowCache) swap(i, j int) {
	if i == j {
		return
	}
	si, sj := c.slotOf[i], c.slotOf[j]
	c.slotOf[i], c.slotOf[j] = sj, si
	if si >= 0 {
		c.owner[si] = int32(j)
	}
	if sj >= 0 {
		c.owner[sj] = int32(i)
	}
	if i > j {
		i, j = j, i
	}
	// Free slots have filled = 0, so they are skipped without looking at
	// their owner.
	for s, f32 := range c.filled {
		f := int(f32)
		if f > i {
			if f > j {
				d := c.data[s]
				d[i], d[j] = d[j], d[i]
			} else {
				c.drop(int32(s))
			}
		}
	}
}
