//! A uniform grid of buckets for nearest-item queries over many small items (facility
//! points, street segments). Building is O(n) and a query looks at a few buckets, which
//! is several times faster than an R-tree for the evenly spread items of a city; the
//! R-tree ([`super::BoxIndex`]) stays for pair searches over polygons.

use geo::Rect;

/// Items bucketed by the grid cells their bounding boxes overlap.
pub struct GridIndex {
    west: f64,
    south: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    /// Bucket `i` holds `items[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    items: Vec<u32>,
    boxes: Vec<Rect<f64>>,
    len: usize,
}

impl GridIndex {
    /// Buckets the boxes (indexed by position); about `per_cell` items per bucket.
    pub fn new(boxes: &[Rect<f64>], per_cell: f64) -> Self {
        let len = boxes.len();
        let (mut west, mut south, mut east, mut north) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for b in boxes {
            west = west.min(b.min().x);
            south = south.min(b.min().y);
            east = east.max(b.max().x);
            north = north.max(b.max().y);
        }
        if !(west.is_finite() && south.is_finite() && east.is_finite() && north.is_finite()) {
            return Self {
                west: 0.0,
                south: 0.0,
                cell: 1.0,
                cols: 1,
                rows: 1,
                starts: vec![0, 0],
                items: Vec::new(),
                boxes: Vec::new(),
                len: 0,
            };
        }
        let (width, height) = ((east - west).max(1.0), (north - south).max(1.0));
        let cells_wanted = (len as f64 / per_cell.max(0.1)).clamp(1.0, 4_000_000.0);
        let cell = (width * height / cells_wanted).sqrt().max(1.0);
        let cols = ((width / cell).ceil() as usize).max(1);
        let rows = ((height / cell).ceil() as usize).max(1);
        let mut index = Self {
            west,
            south,
            cell,
            cols,
            rows,
            starts: vec![0; cols * rows + 1],
            items: Vec::new(),
            boxes: boxes.to_vec(),
            len,
        };
        // Two passes: count, then fill (a CSR of buckets).
        for b in boxes {
            let (c0, r0, c1, r1) = index.span(b);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    index.starts[r * cols + c + 1] += 1;
                }
            }
        }
        for i in 0..cols * rows {
            index.starts[i + 1] += index.starts[i];
        }
        let mut fill: Vec<u32> = index.starts.clone();
        index.items = vec![0; index.starts[cols * rows] as usize];
        for (i, b) in boxes.iter().enumerate() {
            let (c0, r0, c1, r1) = index.span(b);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    let bucket = r * cols + c;
                    index.items[fill[bucket] as usize] = i as u32;
                    fill[bucket] += 1;
                }
            }
        }
        index
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn col(&self, x: f64) -> usize {
        (((x - self.west) / self.cell).floor().max(0.0) as usize).min(self.cols - 1)
    }

    fn row(&self, y: f64) -> usize {
        (((y - self.south) / self.cell).floor().max(0.0) as usize).min(self.rows - 1)
    }

    fn span(&self, b: &Rect<f64>) -> (usize, usize, usize, usize) {
        (
            self.col(b.min().x),
            self.row(b.min().y),
            self.col(b.max().x),
            self.row(b.max().y),
        )
    }

    fn bucket(&self, c: usize, r: usize) -> &[u32] {
        let i = r * self.cols + c;
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The item nearest to `(x, y)` by `distance(item)`, searching ring by ring and
    /// stopping once no unvisited bucket can hold a nearer item. Ties go to the lowest
    /// index, so the answer does not depend on bucket order.
    pub fn nearest(
        &self,
        x: f64,
        y: f64,
        mut distance: impl FnMut(usize) -> f64,
    ) -> Option<(usize, f64)> {
        if self.len == 0 {
            return None;
        }
        let (qc, qr) = (self.col(x), self.row(y));
        let mut best: Option<(usize, f64)> = None;
        for ring in 0.. {
            let (c0, c1) = (qc.saturating_sub(ring), (qc + ring).min(self.cols - 1));
            let (r0, r1) = (qr.saturating_sub(ring), (qr + ring).min(self.rows - 1));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if ring > 0 && r != r0 && r != r1 && c != c0 && c != c1 {
                        continue; // inside the ring: visited already
                    }
                    if r.abs_diff(qr) != ring && c.abs_diff(qc) != ring {
                        continue;
                    }
                    for &item in self.bucket(c, r) {
                        let Some(d) =
                            self.exact_or_pruned(item as usize, x, y, best, &mut |i, _, _| {
                                distance(i)
                            })
                        else {
                            continue;
                        };
                        if best.is_none_or(|(bi, bd)| d < bd || (d == bd && (item as usize) < bi)) {
                            best = Some((item as usize, d));
                        }
                    }
                }
            }
            // Everything not yet visited lies outside the square of buckets around the
            // query (sides at the grid's edge have nothing beyond them).
            let west_edge = (qc > ring).then(|| x - (self.west + (qc - ring) as f64 * self.cell));
            let east_edge = (qc + ring + 1 < self.cols)
                .then(|| self.west + (qc + ring + 1) as f64 * self.cell - x);
            let south_edge = (qr > ring).then(|| y - (self.south + (qr - ring) as f64 * self.cell));
            let north_edge = (qr + ring + 1 < self.rows)
                .then(|| self.south + (qr + ring + 1) as f64 * self.cell - y);
            let edges = [west_edge, east_edge, south_edge, north_edge];
            if edges.iter().all(Option::is_none) {
                break;
            }
            let reach = edges.into_iter().flatten().fold(f64::INFINITY, f64::min);
            if let Some((_, d)) = best
                && d <= reach
            {
                break;
            }
        }
        best
    }

    /// The distance of an item, or `None` when its box is already farther than `best`.
    /// A point item's box is the point, so its box distance is its exact distance. The
    /// test against `best` uses squared distances (no square root on the common path of
    /// a rejected item), with a margin so that rounding never rejects an equal one.
    #[inline]
    fn exact_or_pruned(
        &self,
        item: usize,
        x: f64,
        y: f64,
        best: Option<(usize, f64)>,
        distance: &mut impl FnMut(usize, f64, f64) -> f64,
    ) -> Option<f64> {
        let b = &self.boxes[item];
        let dx = (b.min().x - x).max(x - b.max().x).max(0.0);
        let dy = (b.min().y - y).max(y - b.max().y).max(0.0);
        let lower2 = dx * dx + dy * dy;
        if let Some((_, bd)) = best
            && lower2 > bd * bd * (1.0 + 1e-12)
        {
            return None;
        }
        Some(if b.min() == b.max() {
            lower2.sqrt()
        } else {
            distance(item, x, y)
        })
    }

    /// [`Self::nearest`] for many points at once: points are grouped by bucket and each
    /// group scans the items of its 3 × 3 block of buckets once, which is exact for every
    /// point whose nearest item lies within one bucket width (the block reaches at least
    /// that far around it); the others fall back to the ring search.
    pub fn nearest_many(
        &self,
        points: &[(f64, f64)],
        distance: impl Fn(usize, f64, f64) -> f64,
    ) -> Vec<Option<(usize, f64)>> {
        let mut result = vec![None; points.len()];
        if self.len == 0 {
            return result;
        }
        let order = self.by_bucket(points);
        let mut block = Block::default();
        let mut start = 0;
        while start < order.len() {
            let bucket = order[start].0;
            let end = start
                + order[start..]
                    .iter()
                    .take_while(|(b, _)| *b == bucket)
                    .count();
            block.gather(self, bucket);
            for &(_, i) in &order[start..end] {
                let (x, y) = points[i as usize];
                let best = self.nearest_in_block(&block, x, y, &distance);
                result[i as usize] = match best {
                    Some((_, d)) if self.inside(x, y) && d <= self.cell => best,
                    _ => self.nearest(x, y, |item| distance(item, x, y)),
                };
            }
            start = end;
        }
        result
    }

    /// `(bucket, point index)` of every point, sorted by bucket (a counting sort: stable,
    /// so the points of a bucket keep their order).
    fn by_bucket(&self, points: &[(f64, f64)]) -> Vec<(usize, u32)> {
        let buckets: Vec<usize> = points
            .iter()
            .map(|&(x, y)| self.row(y) * self.cols + self.col(x))
            .collect();
        let mut counts = vec![0u32; self.cols * self.rows + 1];
        for &b in &buckets {
            counts[b + 1] += 1;
        }
        for i in 0..self.cols * self.rows {
            counts[i + 1] += counts[i];
        }
        let mut order: Vec<(usize, u32)> = vec![(0, 0); points.len()];
        for (i, &b) in buckets.iter().enumerate() {
            order[counts[b] as usize] = (b, i as u32);
            counts[b] += 1;
        }
        order
    }

    /// The nearest item of the block to `(x, y)`, ties to the lower item: exact only if
    /// the nearest item of the whole index lies in the block (the caller checks).
    #[inline]
    fn nearest_in_block(
        &self,
        block: &Block,
        x: f64,
        y: f64,
        distance: &impl Fn(usize, f64, f64) -> f64,
    ) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        let (mut best_d2, mut best_item) = (f64::INFINITY, u32::MAX);
        for k in 0..block.point_x.len() {
            let (dx, dy) = (block.point_x[k] - x, block.point_y[k] - y);
            let d2 = dx * dx + dy * dy;
            if d2 < best_d2 || (d2 == best_d2 && block.point_item[k] < best_item) {
                best_d2 = d2;
                best_item = block.point_item[k];
            }
        }
        if best_item != u32::MAX {
            best = Some((best_item as usize, best_d2.sqrt()));
        }
        for &item in &block.others {
            let Some(d) =
                self.exact_or_pruned(item as usize, x, y, best, &mut |i, x, y| distance(i, x, y))
            else {
                continue;
            };
            if best.is_none_or(|(bi, bd)| d < bd || (d == bd && (item as usize) < bi)) {
                best = Some((item as usize, d));
            }
        }
        best
    }

    /// Whether a point lies within the grid's extent: a point outside is not inside its
    /// (clamped) bucket, so the block around that bucket proves nothing about it.
    #[inline]
    fn inside(&self, x: f64, y: f64) -> bool {
        x >= self.west
            && y >= self.south
            && x <= self.west + self.cols as f64 * self.cell
            && y <= self.south + self.rows as f64 * self.cell
    }

    /// Items whose buckets overlap a rectangle (may repeat an item; may include items
    /// outside it: callers test exactly).
    pub fn candidates(&self, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        let (c0, c1) = (self.col(min[0]), self.col(max[0]));
        let (r0, r1) = (self.row(min[1]), self.row(max[1]));
        (r0..=r1).flat_map(move |r| {
            (c0..=c1).flat_map(move |c| self.bucket(c, r).iter().map(|&i| i as usize))
        })
    }
}

/// The items of a 3 × 3 block of buckets, for [`GridIndex::nearest_many`]; its vectors
/// are reused from one block to the next.
#[derive(Default)]
struct Block {
    candidates: Vec<u32>,
    /// Point items as plain coordinate arrays: the scan over them is a tight
    /// squared-distance loop; other items go through the caller's `distance`.
    point_x: Vec<f64>,
    point_y: Vec<f64>,
    point_item: Vec<u32>,
    others: Vec<u32>,
}

impl Block {
    /// Collects the items of the buckets around `bucket` (and itself).
    fn gather(&mut self, grid: &GridIndex, bucket: usize) {
        let (qc, qr) = (bucket % grid.cols, bucket / grid.cols);
        self.candidates.clear();
        for r in qr.saturating_sub(1)..=(qr + 1).min(grid.rows - 1) {
            for c in qc.saturating_sub(1)..=(qc + 1).min(grid.cols - 1) {
                self.candidates.extend_from_slice(grid.bucket(c, r));
            }
        }
        self.point_x.clear();
        self.point_y.clear();
        self.point_item.clear();
        self.others.clear();
        for &item in &self.candidates {
            let b = &grid.boxes[item as usize];
            if b.min() == b.max() {
                self.point_x.push(b.min().x);
                self.point_y.push(b.min().y);
                self.point_item.push(item);
            } else {
                self.others.push(item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    #[test]
    fn nearest_matches_brute_force() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 * 1000.0
        };
        let points: Vec<(f64, f64)> = (0..300).map(|_| (next(), next())).collect();
        let boxes: Vec<Rect<f64>> = points
            .iter()
            .map(|&(x, y)| Rect::new(coord! {x: x, y: y}, coord! {x: x, y: y}))
            .collect();
        let index = GridIndex::new(&boxes, 2.0);
        for _ in 0..500 {
            let (qx, qy) = (next() * 1.6 - 300.0, next() * 1.6 - 300.0);
            let dist = |i: usize| ((points[i].0 - qx).powi(2) + (points[i].1 - qy).powi(2)).sqrt();
            let got = index.nearest(qx, qy, dist).expect("nearest");
            let want = (0..points.len())
                .map(|i| (i, dist(i)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .expect("min");
            assert_eq!(got.1, want.1);
        }
    }
}
