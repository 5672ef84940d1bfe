//! Reading an image in windows and at reduced resolution, so memory stays bounded: an
//! overview (the whole image read every `s` pixels so that it is at most
//! [`OVERVIEW_MAX_PX`] across) is made once and kept; a finer request reads only its
//! window, every `step` pixels, straight from the file.

use std::sync::Mutex;

use super::{Affine, BasemapError, PixelSource, Window};

/// Longest side of the kept overview, in pixels.
pub const OVERVIEW_MAX_PX: u32 = 2048;

/// Largest window read at once (pixels): a request beyond it is read coarser.
const MAX_WINDOW_PX: u64 = 16_000_000;

/// An image that can be read over a window, every `step` pixels (nearest sample).
pub trait WindowedImage: Send + Sync {
    fn size(&self) -> (u32, u32);
    /// RGBA of pixels `x0 + i·step`, `y0 + j·step` inside `[x0, x0 + w) × [y0, y0 + h)`:
    /// `ceil(w / step) × ceil(h / step)` pixels.
    fn read(&self, x0: u32, y0: u32, w: u32, h: u32, step: u32) -> Result<Vec<u8>, BasemapError>;
}

/// Pixel count along a side read every `step` pixels.
pub fn stepped(len: u32, step: u32) -> u32 {
    len.div_ceil(step.max(1))
}

/// An image with its georeferencing and a kept overview.
pub struct Pyramid<I: WindowedImage> {
    image: I,
    affine: Affine,
    overview: Mutex<Option<(u32, std::sync::Arc<Vec<u8>>)>>,
}

impl<I: WindowedImage> Pyramid<I> {
    pub fn new(image: I, affine: Affine) -> Self {
        Self {
            image,
            affine,
            overview: Mutex::new(None),
        }
    }

    fn overview_step(&self) -> u32 {
        let (w, h) = self.image.size();
        w.max(h).div_ceil(OVERVIEW_MAX_PX).max(1)
    }

    /// The overview, read on first use.
    fn overview(&self) -> Result<(u32, std::sync::Arc<Vec<u8>>), BasemapError> {
        let mut kept = self.overview.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((step, rgba)) = kept.as_ref() {
            return Ok((*step, rgba.clone()));
        }
        let step = self.overview_step();
        let (w, h) = self.image.size();
        let rgba = std::sync::Arc::new(self.image.read(0, 0, w, h, step)?);
        *kept = Some((step, rgba.clone()));
        Ok((step, rgba))
    }

    /// The window `[x0, x1) × [y0, y1)` read every `step` pixels, from the overview when
    /// it is fine enough.
    fn read_window(
        &self,
        x0: u32,
        y0: u32,
        x1: u32,
        y1: u32,
        step: u32,
    ) -> Result<Window, BasemapError> {
        let ov_step = self.overview_step();
        let (w, h) = (x1 - x0, y1 - y0);
        if step >= ov_step {
            let (ov_step, ov) = self.overview()?;
            let (iw, _) = self.image.size();
            let ov_w = stepped(iw, ov_step) as usize;
            // Whole overview pixels: the window snaps outwards to the overview grid.
            let (ox0, oy0) = (x0 / ov_step, y0 / ov_step);
            let (ox1, oy1) = (x1.div_ceil(ov_step), y1.div_ceil(ov_step));
            let ratio = (step / ov_step).max(1);
            let (ww, wh) = (stepped(ox1 - ox0, ratio), stepped(oy1 - oy0, ratio));
            let mut rgba = Vec::with_capacity(ww as usize * wh as usize * 4);
            for j in 0..wh {
                let row = (oy0 + j * ratio) as usize;
                for i in 0..ww {
                    let at = (row * ov_w + (ox0 + i * ratio) as usize) * 4;
                    rgba.extend_from_slice(ov.get(at..at + 4).unwrap_or(&[0, 0, 0, 0]));
                }
            }
            let s = f64::from(ov_step * ratio);
            let affine = self
                .affine
                .offset(f64::from(ox0 * ov_step), f64::from(oy0 * ov_step))
                .scaled(s);
            return Ok(Window {
                rgba,
                width: ww,
                height: wh,
                affine,
            });
        }
        let rgba = self.image.read(x0, y0, w, h, step)?;
        let affine = self
            .affine
            .offset(f64::from(x0), f64::from(y0))
            .scaled(f64::from(step));
        Ok(Window {
            rgba,
            width: stepped(w, step),
            height: stepped(h, step),
            affine,
        })
    }
}

impl<I: WindowedImage> PixelSource for Pyramid<I> {
    fn window(&self, bbox: [f64; 4], units_per_px: f64) -> Result<Option<Window>, BasemapError> {
        let Some(inverse) = self.affine.invert() else {
            return Ok(None);
        };
        let (iw, ih) = self.image.size();
        let (mut c0, mut r0, mut c1, mut r1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for [x, y] in [
            [bbox[0], bbox[1]],
            [bbox[2], bbox[1]],
            [bbox[0], bbox[3]],
            [bbox[2], bbox[3]],
        ] {
            let [c, r] = inverse.apply(x, y);
            (c0, r0, c1, r1) = (c0.min(c), r0.min(r), c1.max(c), r1.max(r));
        }
        let clamp = |v: f64, max: u32| v.clamp(0.0, f64::from(max)) as u32;
        let (x0, y0) = (clamp(c0.floor() - 1.0, iw), clamp(r0.floor() - 1.0, ih));
        let (x1, y1) = (clamp(c1.ceil() + 1.0, iw), clamp(r1.ceil() + 1.0, ih));
        if x1 <= x0 || y1 <= y0 {
            return Ok(None);
        }
        let mut step = (units_per_px / self.affine.pixel_size()).floor().max(1.0) as u32;
        while u64::from(stepped(x1 - x0, step)) * u64::from(stepped(y1 - y0, step)) > MAX_WINDOW_PX
        {
            step += step.max(1);
        }
        self.read_window(x0, y0, x1, y1, step).map(Some)
    }

    fn extent(&self) -> [f64; 4] {
        let (w, h) = self.image.size();
        let (w, h) = (f64::from(w), f64::from(h));
        let corners = [
            self.affine.apply(0.0, 0.0),
            self.affine.apply(w, 0.0),
            self.affine.apply(0.0, h),
            self.affine.apply(w, h),
        ];
        corners
            .iter()
            .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |e, [x, y]| {
                [e[0].min(*x), e[1].min(*y), e[2].max(*x), e[3].max(*y)]
            })
    }
}

/// Copies pixels of one decoded block (rows of `bw` pixels of `channels` samples,
/// placed at `(bx, by)` of the image) into `out`, the window read every `step`.
#[allow(clippy::too_many_arguments)]
pub fn copy_block(
    out: &mut [u8],
    window: (u32, u32, u32, u32, u32),
    block: &[u8],
    (bx, by, bw, bh): (u32, u32, u32, u32),
    channels: usize,
) {
    let (x0, y0, w, h, step) = window;
    let out_w = stepped(w, step) as usize;
    for row in by.max(y0)..(by + bh).min(y0 + h) {
        if !(row - y0).is_multiple_of(step) {
            continue;
        }
        let j = ((row - y0) / step) as usize;
        let first = bx.max(x0);
        let first = first + (step - (first - x0) % step) % step;
        let mut col = first;
        while col < (bx + bw).min(x0 + w) {
            let i = ((col - x0) / step) as usize;
            let src = (((row - by) * bw + (col - bx)) as usize) * channels;
            let dst = (j * out_w + i) * 4;
            if let (Some(px), Some(o)) = (block.get(src..src + channels), out.get_mut(dst..dst + 4))
            {
                o.copy_from_slice(&to_rgba(px));
            }
            col += step;
        }
    }
}

/// One pixel of 1 to 4 8-bit samples (grey, grey + alpha, RGB, RGBA) as RGBA.
pub fn to_rgba(px: &[u8]) -> [u8; 4] {
    match *px {
        [g] => [g, g, g, 255],
        [g, a] => [g, g, g, a],
        [r, g, b] => [r, g, b, 255],
        [r, g, b, a, ..] => [r, g, b, a],
        [] => [0, 0, 0, 0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 5000 × 3000 image whose pixel (x, y) is [x % 251, y % 241, 7, 255]; counts the
    /// pixels read.
    struct Counting {
        read_px: std::sync::atomic::AtomicU64,
    }

    impl WindowedImage for Counting {
        fn size(&self) -> (u32, u32) {
            (5000, 3000)
        }
        fn read(
            &self,
            x0: u32,
            y0: u32,
            w: u32,
            h: u32,
            step: u32,
        ) -> Result<Vec<u8>, BasemapError> {
            let mut out = Vec::new();
            for j in 0..stepped(h, step) {
                for i in 0..stepped(w, step) {
                    let (x, y) = (x0 + i * step, y0 + j * step);
                    out.extend([(x % 251) as u8, (y % 241) as u8, 7, 255]);
                }
            }
            self.read_px
                .fetch_add(out.len() as u64 / 4, std::sync::atomic::Ordering::Relaxed);
            Ok(out)
        }
    }

    fn pyramid() -> Pyramid<Counting> {
        let affine = Affine {
            a: 1.0,
            b: 0.0,
            c: 0.0,
            d: 0.0,
            e: -1.0,
            f: 3000.0,
        };
        Pyramid::new(Counting { read_px: 0.into() }, affine)
    }

    #[test]
    fn a_detailed_window_reads_only_its_pixels() {
        let p = pyramid();
        // 100 × 50 source units at one unit per pixel: pixels 1000..1100, rows 950..1000.
        let w = p
            .window([1000.0, 2000.0, 1100.0, 2050.0], 1.0)
            .expect("read")
            .expect("some");
        assert!(
            w.width <= 103 && w.height <= 53,
            "{} × {}",
            w.width,
            w.height
        );
        let read = p.image.read_px.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(read, u64::from(w.width * w.height));
        // The window's pixel at source (1050.5, 2025.5) is source pixel (1050, 974).
        let [c, r] = w.affine.invert().expect("inv").apply(1050.5, 2025.5);
        let at = ((r.floor() as u32 * w.width + c.floor() as u32) * 4) as usize;
        assert_eq!(
            &w.rgba[at..at + 2],
            &[(1050 % 251) as u8, (974 % 241) as u8]
        );
    }

    #[test]
    fn a_zoomed_out_window_comes_from_the_overview_read_once() {
        let p = pyramid();
        let whole = [0.0, 0.0, 5000.0, 3000.0];
        let a = p.window(whole, 10.0).expect("read").expect("some");
        let b = p.window(whole, 20.0).expect("read").expect("some");
        let read = p.image.read_px.load(std::sync::atomic::Ordering::Relaxed);
        // Overview: every 3rd pixel (5000 / 2048 rounded up), read once for both.
        assert_eq!(read, u64::from(stepped(5000, 3) * stepped(3000, 3)));
        assert!(a.width <= 2048 && b.width < a.width);
        // Positions stay exact: b reads every 18th pixel (the overview's 3 × 6), so
        // source (2999.5, 1500.5), pixel (2999, 1499), falls in the sample of column
        // 2988 and row 1494.
        let [c, r] = b.affine.invert().expect("inv").apply(2999.5, 1500.5);
        let at = ((r.floor() as u32 * b.width + c.floor() as u32) * 4) as usize;
        assert_eq!(
            &b.rgba[at..at + 2],
            &[(2988 % 251) as u8, (1494 % 241) as u8]
        );
    }
}
