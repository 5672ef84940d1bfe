//! A smoke run (`strata open PLAN --screenshot FILE`): the editor renders a few frames,
//! writes what the window shows to a PNG and closes.

use std::path::PathBuf;

/// A smoke run (`strata open PLAN --screenshot FILE`): render a few frames, write what the
/// window shows to a PNG, then close. CI uses it to check that the editor really draws.
pub struct SmokeRun {
    pub out: PathBuf,
    pub after_frames: u32,
    frames: u32,
    requested: bool,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SmokeRun {
    pub fn new(out: PathBuf, after_frames: u32) -> Self {
        Self {
            out,
            after_frames,
            frames: 0,
            requested: false,
            done: Default::default(),
        }
    }

    pub(super) fn step(&mut self, ctx: &egui::Context) {
        use std::sync::atomic::Ordering;
        self.frames += 1;
        ctx.request_repaint();
        if self.done.load(Ordering::SeqCst) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else if self.frames >= self.after_frames && !self.requested {
            self.requested = true;
            let (out, done) = (self.out.clone(), self.done.clone());
            ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
                egui::ScreenshotCallback::new(move |image| {
                    let rgba: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
                    let written = crate::render::raster::png_bytes(
                        image.size[0] as u32,
                        image.size[1] as u32,
                        rgba,
                    )
                    .map_err(|e| e.to_string())
                    .and_then(|png| {
                        crate::io::write_atomically(&out, &png).map_err(|e| e.to_string())
                    });
                    if let Err(e) = written {
                        eprintln!("screenshot not written: {e}");
                    }
                    done.store(true, Ordering::SeqCst);
                }),
            ));
        }
    }
}
