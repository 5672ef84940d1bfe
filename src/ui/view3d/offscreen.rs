//! Drawing the 3D view at a lower resolution while the camera moves: the scene goes
//! into a framebuffer of its own, a fraction of the view's pixels, which is then
//! stretched over the view (`glBlitFramebuffer`, bilinear). With a software renderer
//! most of a frame is rasterising pixels, so a moving view that would drop under
//! 30 fps at full resolution keeps it; when the camera rests the view is drawn whole
//! again (`motion.rs` decides the scale).
//!
//! glow's calls are `unsafe` (they call the driver through raw pointers); this module
//! and `gl.rs` are the places the crate allows that. Every call is made on the GL
//! thread inside the paint callback, with objects this module created on that context.
#![allow(unsafe_code)]

use eframe::glow::{self, HasContext};

/// A framebuffer with a colour and a depth renderbuffer of one size (the view's, so it
/// is made again only when the view's size changes; a frame uses part of it).
pub struct Offscreen {
    framebuffer: glow::Framebuffer,
    color: glow::Renderbuffer,
    depth: glow::Renderbuffer,
    size: [i32; 2],
}

/// The view's rectangle in the window's pixels (GL's origin, bottom left).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelRect {
    pub left: i32,
    pub bottom: i32,
    pub width: i32,
    pub height: i32,
}

impl PixelRect {
    /// The scene's size at `scale` of the view's pixels each way (at least 1 × 1).
    pub fn scaled(&self, scale: f32) -> [i32; 2] {
        let side = |n: i32| ((n as f32 * scale).round() as i32).max(1);
        [side(self.width), side(self.height)]
    }
}

impl Offscreen {
    /// A framebuffer of `size`, or why the driver refused it (the view then draws at
    /// full resolution).
    pub fn create(gl: &glow::Context, size: [i32; 2]) -> Result<Self, String> {
        // Framebuffer objects and their blit are GL 3.0 and GL ES 3.0; on an older
        // context the functions may not even be loaded.
        let version = gl.version();
        if version.major < 3 {
            return Err(format!(
                "GL {}.{} has no framebuffer blit",
                version.major, version.minor
            ));
        }
        // SAFETY: creating and binding objects on the callback's context; the previous
        // bindings are restored by the caller (`draw_into` / `blit`).
        unsafe {
            let framebuffer = gl.create_framebuffer()?;
            let color = gl.create_renderbuffer()?;
            let depth = gl.create_renderbuffer()?;
            let this = Self {
                framebuffer,
                color,
                depth,
                size,
            };
            gl.bind_renderbuffer(glow::RENDERBUFFER, Some(color));
            gl.renderbuffer_storage(glow::RENDERBUFFER, glow::RGBA8, size[0], size[1]);
            gl.bind_renderbuffer(glow::RENDERBUFFER, Some(depth));
            gl.renderbuffer_storage(
                glow::RENDERBUFFER,
                glow::DEPTH_COMPONENT24,
                size[0],
                size[1],
            );
            gl.bind_renderbuffer(glow::RENDERBUFFER, None);
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(framebuffer));
            let attach = |point, buffer| {
                gl.framebuffer_renderbuffer(
                    glow::FRAMEBUFFER,
                    point,
                    glow::RENDERBUFFER,
                    Some(buffer),
                )
            };
            attach(glow::COLOR_ATTACHMENT0, color);
            attach(glow::DEPTH_ATTACHMENT, depth);
            let status = gl.check_framebuffer_status(glow::FRAMEBUFFER);
            if status != glow::FRAMEBUFFER_COMPLETE {
                this.delete(gl);
                return Err(format!("offscreen framebuffer incomplete (0x{status:x})"));
            }
            Ok(this)
        }
    }

    pub fn size(&self) -> [i32; 2] {
        self.size
    }

    /// Binds it for drawing into its lower left `used` pixels (the viewport; no
    /// scissor, so a clear is whole and cheap for a software renderer).
    pub fn bind(&self, gl: &glow::Context, used: [i32; 2]) {
        // SAFETY: plain state calls with this module's framebuffer.
        unsafe {
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(self.framebuffer));
            gl.viewport(0, 0, used[0], used[1]);
            gl.disable(glow::SCISSOR_TEST);
        }
    }

    /// Stretches the colour of its lower left `used` pixels over `view` of `target`
    /// (egui's framebuffer), within the scissor the caller set, and leaves `target`
    /// bound for drawing and reading.
    pub fn blit(
        &self,
        gl: &glow::Context,
        used: [i32; 2],
        target: Option<glow::Framebuffer>,
        view: PixelRect,
    ) {
        // SAFETY: binding this module's framebuffer for reading and egui's for
        // drawing, then restoring egui's for both.
        unsafe {
            gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(self.framebuffer));
            gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, target);
            gl.blit_framebuffer(
                0,
                0,
                used[0],
                used[1],
                view.left,
                view.bottom,
                view.left + view.width,
                view.bottom + view.height,
                glow::COLOR_BUFFER_BIT,
                glow::LINEAR,
            );
            gl.bind_framebuffer(glow::FRAMEBUFFER, target);
        }
    }

    pub fn delete(self, gl: &glow::Context) {
        // SAFETY: deleting objects this module created on the same context.
        unsafe {
            gl.bind_framebuffer(glow::FRAMEBUFFER, None);
            gl.delete_framebuffer(self.framebuffer);
            gl.delete_renderbuffer(self.color);
            gl.delete_renderbuffer(self.depth);
        }
    }
}
