//! Drawing the 3D view with OpenGL inside egui (eframe's glow renderer): an egui paint
//! callback clears the depth buffer and the view's colour (to the sky's, or to the
//! ground's where it fills the view), draws the ground opaque (where the haze reaches
//! it, when it fills the view), then the prisms' vertex buffers, one mesh per tile,
//! uploaded when the tile was rebuilt (colours when they changed), then
//! the rights conflicts, everything fading into the sky's colour in the haze
//! (`OrbitCamera::haze`). Only the tiles in view and nearer than the haze's end are
//! drawn. While the camera moves the scene may be drawn at a lower resolution into a
//! framebuffer of its own and stretched over the view (`offscreen.rs`, `motion.rs`).
//! The ground looks translucent: faces on its other side from the eye are tinted
//! with its colour as if seen through it (the shade of faces below it is negative,
//! `mesh.rs`), and it writes no depth, so they are drawn over it.
//!
//! glow's calls are `unsafe` (they call the driver through raw pointers); this module is
//! the one place the crate allows that. Every call is made on the GL thread inside the
//! callback eframe gives, with objects this module created on the same context.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use eframe::egui_glow;
use eframe::glow::{self, HasContext};

use super::mesh::{FLOATS_PER_VERTEX, Triangles};
use super::offscreen::{Offscreen, PixelRect};

/// The colour behind the prisms.
pub const SKY: egui::Color32 = egui::Color32::from_rgb(222, 230, 238);
/// The ground's colour and opacity: what lies below it is seen through it.
const GROUND: [f32; 4] = [0.58, 0.64, 0.5, 0.38];

/// A run of indices of one tile's mesh: (tile's cell, first index, count).
pub type Run = (usize, u32, u32);

/// What one frame draws, decided on the UI side.
#[derive(Clone, Debug, Default)]
pub struct FrameDraw {
    /// Wait for GL to finish and record the time and triangles (the frame benchmark).
    pub measure: bool,
    /// The share of the view's pixels each way the scene is drawn at (1: whole; less
    /// while the camera moves, `motion.rs`), then stretched over the view.
    pub scale: f32,
    pub view_projection: [f32; 16],
    /// The eye (scene metres, heights exaggerated) and where the haze begins and ends
    /// (metres from the eye; `OrbitCamera::haze`).
    pub eye: [f32; 3],
    pub haze: [f32; 2],
    pub z_scale: f32,
    /// How the ground is drawn.
    pub ground: GroundDraw,
    /// Index runs of the prisms in view.
    pub runs: Vec<Run>,
    /// Index runs drawn again tinted: the selected parcel's strata, the selected stratum.
    pub highlighted: Vec<Run>,
    pub selected: Option<Run>,
}

/// How one frame draws the ground.
#[derive(Clone, Debug, Default)]
pub enum GroundDraw {
    /// The view is cleared to the sky's colour and the whole ground drawn over it.
    #[default]
    Whole,
    /// The ground fills the view (`OrbitCamera::ground_fills`): the view is cleared to
    /// the ground's colour out of the haze, and only these index runs of its grid (the
    /// cells the haze reaches, `conflicts::hazed_ground`) are drawn: the same colours,
    /// without filling the whole view with triangles a software renderer shades.
    Fills(Vec<(u32, u32)>),
}

/// The ground's colour where no haze is: its colour over the sky's at its opacity
/// (it looks translucent, and is drawn opaque: the module comment).
fn ground_colour() -> [f32; 4] {
    let [r, g, b, _] = SKY.to_normalized_gamma_f32();
    let a = GROUND[3];
    let over_sky = |ground: f32, sky: f32| ground * a + sky * (1.0 - a);
    [
        over_sky(GROUND[0], r),
        over_sky(GROUND[1], g),
        over_sky(GROUND[2], b),
        1.0,
    ]
}

/// One tile's triangles and colours (RGBA per vertex).
pub type TileData = (Arc<Triangles>, Arc<Vec<u8>>);

/// Triangles and colours to upload. The GL side keeps the `Arc`s it uploaded and
/// uploads again only what is another `Arc` now: an edit re-uploads the tiles it
/// rebuilt, a colour mode the colours.
pub struct Upload {
    /// Changes whenever anything below does (the GL side compares only then).
    pub key: u64,
    pub tiles: std::collections::BTreeMap<usize, TileData>,
    pub conflicts: Arc<Triangles>,
    pub ground: Arc<Triangles>,
}

/// A mesh on the GPU: vertex array, vertex, colour and index buffers.
struct GpuMesh {
    vao: glow::VertexArray,
    vertices: glow::Buffer,
    colors: glow::Buffer,
    indices: glow::Buffer,
    count: i32,
}

/// A mesh on the GPU with what it was made from (compared by pointer).
struct Uploaded<T> {
    from: T,
    mesh: Option<GpuMesh>,
}

#[derive(Default)]
pub struct Renderer {
    program: Option<glow::Program>,
    /// Shader compilation failed: the view says so instead of drawing.
    pub failed: Option<String>,
    tiles: HashMap<usize, Uploaded<TileData>>,
    conflicts: Option<Uploaded<Arc<Triangles>>>,
    ground: Option<Uploaded<Arc<Triangles>>>,
    key: Option<u64>,
    /// Where a scene at a lower resolution is drawn (made when first needed).
    offscreen: Option<Offscreen>,
    /// The driver refused the offscreen framebuffer: the view is always drawn whole.
    offscreen_failed: bool,
    /// The last measured frame: milliseconds in GL (to the end of drawing), triangles
    /// and the scale it was drawn at.
    pub stats: Option<(f64, u64, f32)>,
}

pub type Shared = Arc<Mutex<Renderer>>;

/// The paint callback of one frame.
pub fn callback(renderer: Shared, upload: Arc<Upload>, frame: FrameDraw) -> egui_glow::CallbackFn {
    egui_glow::CallbackFn::new(move |info, painter| {
        if let Ok(mut r) = renderer.lock() {
            let started = std::time::Instant::now();
            let gl = painter.gl();
            let view = view_pixels(&info);
            let target = painter.intermediate_fbo();
            let lower = r.bind_offscreen(gl, target, view, frame.scale);
            if lower.is_none() {
                scissor_to_view(gl, &info);
            }
            r.paint(gl, &upload, &frame, lower.is_none());
            if let (Some(used), Some(offscreen)) = (lower, r.offscreen.as_ref()) {
                scissor_to_view(gl, &info);
                offscreen.blit(gl, used, target, view);
            }
            if frame.measure {
                // SAFETY: a plain glFinish on the callback's context.
                unsafe { gl.finish() };
                let triangles: u64 = frame.runs.iter().map(|&(_, _, n)| n as u64 / 3).sum();
                let scale = if lower.is_some() { frame.scale } else { 1.0 };
                r.stats = Some((started.elapsed().as_secs_f64() * 1e3, triangles, scale));
            }
        }
    })
}

/// The callback's viewport in the window's pixels.
fn view_pixels(info: &egui::PaintCallbackInfo) -> PixelRect {
    let v = info.viewport_in_pixels();
    PixelRect {
        left: v.left_px,
        bottom: v.from_bottom_px,
        width: v.width_px,
        height: v.height_px,
    }
}

/// Limits the clear to the view (within egui's clip rectangle, which it may exceed).
fn scissor_to_view(gl: &glow::Context, info: &egui::PaintCallbackInfo) {
    let (v, c) = (info.viewport_in_pixels(), info.clip_rect_in_pixels());
    let left = v.left_px.max(c.left_px);
    let bottom = v.from_bottom_px.max(c.from_bottom_px);
    let right = (v.left_px + v.width_px).min(c.left_px + c.width_px);
    let top = (v.from_bottom_px + v.height_px).min(c.from_bottom_px + c.height_px);
    // SAFETY: plain state calls on the callback's context.
    unsafe {
        gl.enable(glow::SCISSOR_TEST);
        gl.scissor(left, bottom, (right - left).max(0), (top - bottom).max(0));
    }
}

const VERTEX: &str = r#"
IN vec4 a_vertex;
IN vec4 a_color;
uniform mat4 u_mvp;
uniform float u_zscale;
uniform vec4 u_override;
uniform vec4 u_tint;
uniform vec3 u_eye;
uniform vec2 u_haze;
uniform vec4 u_under;
OUT vec4 v_color;
OUT float v_haze;
void main() {
    vec3 position = vec3(a_vertex.xy, a_vertex.z * u_zscale);
    gl_Position = u_mvp * vec4(position, 1.0);
    vec4 c = u_override.a > 0.0 ? u_override : vec4(a_color.rgb, 1.0);
    c.rgb = mix(c.rgb, u_tint.rgb, u_tint.a) * abs(a_vertex.w);
    // On the ground's other side from the eye: seen through it.
    if ((a_vertex.w < 0.0) != (u_eye.z < 0.0)) c.rgb = mix(c.rgb, u_under.rgb, u_under.a);
    v_color = c;
    v_haze = clamp((distance(position, u_eye) - u_haze.x) / (u_haze.y - u_haze.x), 0.0, 1.0);
}
"#;

// The haze is worked out per vertex (a pixel's share interpolated): the triangles are
// small beside the haze's depth, and the ground is a grid for it (conflicts::ground).
const FRAGMENT: &str = r#"
IN vec4 v_color;
IN float v_haze;
uniform vec3 u_sky;
FRAG_OUT
void main() { FRAG_COLOR = vec4(mix(v_color.rgb, u_sky, v_haze), v_color.a); }
"#;

impl Renderer {
    /// For a scene drawn at `scale` < 1: binds the offscreen framebuffer (made, or made
    /// again for another view size, first) and returns the pixels drawn into; `None`
    /// draws into the view itself (`target`, egui's framebuffer, stays bound).
    fn bind_offscreen(
        &mut self,
        gl: &glow::Context,
        target: Option<glow::Framebuffer>,
        view: PixelRect,
        scale: f32,
    ) -> Option<[i32; 2]> {
        if scale >= 1.0 || self.offscreen_failed || view.width < 2 || view.height < 2 {
            return None;
        }
        let size = [view.width, view.height];
        if let Some(old) = self.offscreen.take_if(|o| o.size() != size) {
            old.delete(gl);
        }
        if self.offscreen.is_none() {
            match Offscreen::create(gl, size) {
                Ok(o) => self.offscreen = Some(o),
                // The view stays correct at full resolution, only slower in motion.
                Err(_) => {
                    self.offscreen_failed = true;
                    // SAFETY: egui's framebuffer bound again on its context.
                    unsafe { gl.bind_framebuffer(glow::FRAMEBUFFER, target) };
                }
            }
        }
        let Some(offscreen) = &self.offscreen else {
            return None;
        };
        let used = view.scaled(scale.max(0.1));
        offscreen.bind(gl, used);
        Some(used)
    }

    fn paint(&mut self, gl: &glow::Context, upload: &Upload, frame: &FrameDraw, in_view: bool) {
        if self.failed.is_some() {
            return;
        }
        if self.program.is_none() {
            match compile(gl) {
                Ok(p) => self.program = Some(p),
                Err(e) => {
                    self.failed = Some(e);
                    return;
                }
            }
        }
        self.upload(gl, upload);
        let Some(program) = self.program else { return };
        let u = Uniforms { gl, program };
        // SAFETY: see the module comment; the program and meshes belong to `gl`.
        unsafe {
            clear(gl, &frame.ground, in_view);
            gl.use_program(Some(program));
            u.set_frame(frame);
            self.draw_ground(gl, &u, &frame.ground);
            self.draw_prisms(gl, &u, frame);
            self.draw_conflicts(gl, &u);
            gl.bind_vertex_array(None);
            gl.use_program(None);
            gl.disable(glow::DEPTH_TEST);
        }
    }

    /// The ground, opaque (the sky's colour seen through it) and writing no depth: what
    /// lies below it is drawn over it, tinted (module comment).
    unsafe fn draw_ground(&self, gl: &glow::Context, u: &Uniforms, ground: &GroundDraw) {
        let Some(mesh) = self.ground.as_ref().and_then(|g| g.mesh.as_ref()) else {
            return;
        };
        let whole = [(0, mesh.count as u32)];
        let runs = match ground {
            GroundDraw::Whole => &whole[..],
            GroundDraw::Fills(runs) => runs.as_slice(),
        };
        if runs.is_empty() {
            return;
        }
        // SAFETY: plain state calls; the mesh belongs to `gl`.
        unsafe {
            gl.depth_mask(false);
            u.set("u_override", ground_colour());
            draw_runs(gl, mesh, runs);
            u.set("u_override", [0.0; 4]);
            gl.depth_mask(true);
        }
    }

    /// The prisms in view, then the selection's again, tinted.
    unsafe fn draw_prisms(&self, gl: &glow::Context, u: &Uniforms, frame: &FrameDraw) {
        // SAFETY: plain state calls; the meshes belong to `gl`.
        unsafe {
            // The prisms are closed and face outwards (mesh.rs): a back face is always
            // behind a front one, and a software renderer spares its pixels.
            gl.enable(glow::CULL_FACE);
            gl.cull_face(glow::BACK);
            gl.front_face(glow::CCW);
            self.draw_tiles(gl, &frame.runs);
            gl.enable(glow::POLYGON_OFFSET_FILL);
            gl.polygon_offset(-1.0, -1.0);
            u.set("u_tint", [1.0, 0.85, 0.1, 0.35]);
            self.draw_tiles(gl, &frame.highlighted);
            u.set("u_tint", [1.0, 0.9, 0.0, 0.7]);
            self.draw_tiles(gl, frame.selected.as_slice());
            u.set("u_tint", [0.0; 4]);
            gl.disable(glow::POLYGON_OFFSET_FILL);
            gl.disable(glow::CULL_FACE);
        }
    }

    /// A clash lies inside the strata that clash: first a see-through ghost over
    /// everything, then its visible faces solid (over the coincident faces of the
    /// strata).
    unsafe fn draw_conflicts(&self, gl: &glow::Context, u: &Uniforms) {
        let Some(mesh) = self.conflicts.as_ref().and_then(|c| c.mesh.as_ref()) else {
            return;
        };
        let all = [(0, mesh.count as u32)];
        // SAFETY: plain state calls; the mesh belongs to `gl`.
        unsafe {
            gl.enable(glow::BLEND);
            gl.blend_func(glow::SRC_ALPHA, glow::ONE_MINUS_SRC_ALPHA);
            gl.depth_func(glow::ALWAYS);
            gl.depth_mask(false);
            u.set("u_override", [0.95, 0.1, 0.1, 0.5]);
            draw_runs(gl, mesh, &all);
            gl.disable(glow::BLEND);
            gl.depth_func(glow::LEQUAL);
            gl.depth_mask(true);
            gl.enable(glow::POLYGON_OFFSET_FILL);
            gl.polygon_offset(-2.0, -2.0);
            u.set("u_override", [0.9, 0.1, 0.1, 1.0]);
            draw_runs(gl, mesh, &all);
            u.set("u_override", [0.0; 4]);
            gl.disable(glow::POLYGON_OFFSET_FILL);
        }
    }

    /// Draws runs of the tiles' meshes.
    fn draw_tiles(&self, gl: &glow::Context, runs: &[Run]) {
        for &(cell, start, count) in runs {
            if let Some(mesh) = self.tiles.get(&cell).and_then(|t| t.mesh.as_ref()) {
                draw_runs(gl, mesh, &[(start, count)]);
            }
        }
    }

    /// Uploads what changed since the last frame: the tiles whose triangles or colours
    /// are new, the clash volumes and the ground when they are.
    fn upload(&mut self, gl: &glow::Context, upload: &Upload) {
        if self.key == Some(upload.key) {
            return;
        }
        let gone: Vec<usize> = self
            .tiles
            .keys()
            .filter(|cell| !upload.tiles.contains_key(cell))
            .copied()
            .collect();
        for cell in gone {
            if let Some(mesh) = self.tiles.remove(&cell).and_then(|t| t.mesh) {
                delete(gl, mesh);
            }
        }
        for (&cell, (triangles, colors)) in &upload.tiles {
            let kept = self
                .tiles
                .get_mut(&cell)
                .filter(|t| Arc::ptr_eq(&t.from.0, triangles));
            match kept {
                Some(t) if Arc::ptr_eq(&t.from.1, colors) => {}
                Some(t) => {
                    if let Some(mesh) = &t.mesh {
                        recolor(gl, mesh, colors);
                    }
                    t.from.1 = Arc::clone(colors);
                }
                None => {
                    let mesh = create(gl, triangles, colors);
                    let from = (Arc::clone(triangles), Arc::clone(colors));
                    if let Some(old) = self.tiles.insert(cell, Uploaded { from, mesh }) {
                        old.mesh.into_iter().for_each(|m| delete(gl, m));
                    }
                }
            }
        }
        sync_plain(gl, &mut self.conflicts, &upload.conflicts);
        sync_plain(gl, &mut self.ground, &upload.ground);
        self.key = Some(upload.key);
    }
}

/// The program's uniforms.
struct Uniforms<'a> {
    gl: &'a glow::Context,
    program: glow::Program,
}

impl Uniforms<'_> {
    /// Sets a `vec4` uniform.
    unsafe fn set(&self, name: &str, value: [f32; 4]) {
        // SAFETY: the program belongs to `gl` and is in use.
        unsafe {
            let at = self.gl.get_uniform_location(self.program, name);
            self.gl.uniform_4_f32_slice(at.as_ref(), &value);
        }
    }

    /// The frame's camera, haze and colours.
    unsafe fn set_frame(&self, frame: &FrameDraw) {
        let [r, g, b, _] = SKY.to_normalized_gamma_f32();
        // SAFETY: the program belongs to `gl` and is in use.
        unsafe {
            let gl = self.gl;
            let at = |name: &str| gl.get_uniform_location(self.program, name);
            gl.uniform_matrix_4_f32_slice(at("u_mvp").as_ref(), false, &frame.view_projection);
            gl.uniform_1_f32(at("u_zscale").as_ref(), frame.z_scale);
            gl.uniform_3_f32_slice(at("u_eye").as_ref(), &frame.eye);
            gl.uniform_2_f32_slice(at("u_haze").as_ref(), &frame.haze);
            gl.uniform_3_f32_slice(at("u_sky").as_ref(), &[r, g, b]);
            self.set("u_under", GROUND);
            self.set("u_override", [0.0; 4]);
            self.set("u_tint", [0.0; 4]);
        }
    }
}

/// Clears the depth buffer whole (nothing else in the window uses it, and for a
/// software renderer a whole clear is a flag per tile where a scissored one writes
/// every pixel) and the view's colour to the sky's, or to the ground's when it fills
/// the view (`in_view`: the scissor is the view's rectangle; otherwise the offscreen
/// framebuffer is bound, without a scissor); then the state the prisms are drawn in.
unsafe fn clear(gl: &glow::Context, ground: &GroundDraw, in_view: bool) {
    // SAFETY: plain state calls on the callback's context.
    unsafe {
        gl.enable(glow::DEPTH_TEST);
        gl.depth_func(glow::LEQUAL);
        gl.depth_mask(true);
        gl.clear_depth_f32(1.0);
        let [r, g, b, a] = match ground {
            GroundDraw::Whole => SKY.to_normalized_gamma_f32(),
            GroundDraw::Fills(_) => ground_colour(),
        };
        gl.clear_color(r, g, b, a);
        if in_view {
            gl.clear(glow::COLOR_BUFFER_BIT);
            gl.disable(glow::SCISSOR_TEST);
            gl.clear(glow::DEPTH_BUFFER_BIT);
            gl.enable(glow::SCISSOR_TEST);
        } else {
            gl.clear(glow::COLOR_BUFFER_BIT | glow::DEPTH_BUFFER_BIT);
        }
        gl.disable(glow::BLEND);
    }
}

/// A mesh drawn in one colour (the shader overrides it): uploaded again when new.
fn sync_plain(gl: &glow::Context, slot: &mut Option<Uploaded<Arc<Triangles>>>, t: &Arc<Triangles>) {
    if slot.as_ref().is_some_and(|u| Arc::ptr_eq(&u.from, t)) {
        return;
    }
    if let Some(mesh) = slot.take().and_then(|u| u.mesh) {
        delete(gl, mesh);
    }
    let plain = vec![200u8; t.vertex_count() * 4];
    *slot = Some(Uploaded {
        from: Arc::clone(t),
        mesh: create(gl, t, &plain),
    });
}

fn recolor(gl: &glow::Context, mesh: &GpuMesh, colors: &[u8]) {
    // SAFETY: the buffer belongs to `gl` (module comment).
    unsafe {
        gl.bind_buffer(glow::ARRAY_BUFFER, Some(mesh.colors));
        gl.buffer_data_u8_slice(glow::ARRAY_BUFFER, colors, glow::STATIC_DRAW);
        gl.bind_buffer(glow::ARRAY_BUFFER, None);
    }
}

fn draw_runs(gl: &glow::Context, mesh: &GpuMesh, runs: &[(u32, u32)]) {
    // SAFETY: the mesh belongs to `gl`; runs lie within its index buffer (built so).
    unsafe {
        gl.bind_vertex_array(Some(mesh.vao));
        for &(start, count) in runs {
            if count > 0 && (start + count) as i32 <= mesh.count {
                gl.draw_elements(
                    glow::TRIANGLES,
                    count as i32,
                    glow::UNSIGNED_INT,
                    start as i32 * 4,
                );
            }
        }
    }
}

fn create(gl: &glow::Context, t: &Triangles, colors: &[u8]) -> Option<GpuMesh> {
    if t.indices.is_empty() {
        return None;
    }
    // SAFETY: new objects on `gl`; the slices outlive the calls that copy them.
    unsafe {
        let vao = gl.create_vertex_array().ok()?;
        gl.bind_vertex_array(Some(vao));
        let vertices = gl.create_buffer().ok()?;
        gl.bind_buffer(glow::ARRAY_BUFFER, Some(vertices));
        gl.buffer_data_u8_slice(
            glow::ARRAY_BUFFER,
            bytemuck::cast_slice(&t.vertices),
            glow::STATIC_DRAW,
        );
        gl.enable_vertex_attrib_array(0);
        let stride = (FLOATS_PER_VERTEX * 4) as i32;
        gl.vertex_attrib_pointer_f32(0, 4, glow::FLOAT, false, stride, 0);
        let color_buffer = gl.create_buffer().ok()?;
        gl.bind_buffer(glow::ARRAY_BUFFER, Some(color_buffer));
        gl.buffer_data_u8_slice(glow::ARRAY_BUFFER, colors, glow::STATIC_DRAW);
        gl.enable_vertex_attrib_array(1);
        gl.vertex_attrib_pointer_f32(1, 4, glow::UNSIGNED_BYTE, true, 4, 0);
        let indices = gl.create_buffer().ok()?;
        gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(indices));
        gl.buffer_data_u8_slice(
            glow::ELEMENT_ARRAY_BUFFER,
            bytemuck::cast_slice(&t.indices),
            glow::STATIC_DRAW,
        );
        gl.bind_vertex_array(None);
        gl.bind_buffer(glow::ARRAY_BUFFER, None);
        gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, None);
        Some(GpuMesh {
            vao,
            vertices,
            colors: color_buffer,
            indices,
            count: t.indices.len() as i32,
        })
    }
}

fn delete(gl: &glow::Context, mesh: GpuMesh) {
    // SAFETY: the objects were created on `gl` and are used no more.
    unsafe {
        gl.delete_vertex_array(mesh.vao);
        gl.delete_buffer(mesh.vertices);
        gl.delete_buffer(mesh.colors);
        gl.delete_buffer(mesh.indices);
    }
}

/// Compiles and links the shaders for the context's GLSL dialect.
fn compile(gl: &glow::Context) -> Result<glow::Program, String> {
    let version = egui_glow::ShaderVersion::get(gl);
    let (vin, vout, fin, fout, fcolor) = if version.is_new_shader_interface() {
        ("in", "out", "in", "out vec4 frag_color;", "frag_color")
    } else {
        ("attribute", "varying", "varying", "", "gl_FragColor")
    };
    let precision = if version.is_embedded() {
        "precision mediump float;\n"
    } else {
        ""
    };
    let header = format!("{}\n{precision}", version.version_declaration());
    let vertex = format!(
        "{header}{}",
        VERTEX
            .replace("IN ", &format!("{vin} "))
            .replace("OUT ", &format!("{vout} "))
    );
    let fragment = format!(
        "{header}{}",
        FRAGMENT
            .replace("IN ", &format!("{fin} "))
            .replace("FRAG_OUT", fout)
            .replace("FRAG_COLOR", fcolor)
    );
    // SAFETY: objects created and used on `gl` (module comment).
    unsafe {
        let program = gl.create_program()?;
        let mut shaders = Vec::new();
        for (kind, source) in [
            (glow::VERTEX_SHADER, vertex),
            (glow::FRAGMENT_SHADER, fragment),
        ] {
            let shader = gl.create_shader(kind)?;
            gl.shader_source(shader, &source);
            gl.compile_shader(shader);
            if !gl.get_shader_compile_status(shader) {
                return Err(gl.get_shader_info_log(shader));
            }
            gl.attach_shader(program, shader);
            shaders.push(shader);
        }
        gl.bind_attrib_location(program, 0, "a_vertex");
        gl.bind_attrib_location(program, 1, "a_color");
        gl.link_program(program);
        if !gl.get_program_link_status(program) {
            return Err(gl.get_program_info_log(program));
        }
        for shader in shaders {
            gl.detach_shader(program, shader);
            gl.delete_shader(shader);
        }
        Ok(program)
    }
}
