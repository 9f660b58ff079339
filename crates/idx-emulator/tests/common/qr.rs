//! Reading a QR code the emulator drew, with the `png` crate's decoder and
//! an independent QR decoder (`rqrr`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Reads a PNG with the `png` crate's decoder (which checks the signature,
/// every chunk's CRC and the zlib stream) into (side, dark pixels). Any
/// other format than a square 1-bit greyscale image fails the test.
pub fn read_png(png: &[u8]) -> (usize, Vec<bool>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    let side = info.width as usize;
    assert_eq!(info.height as usize, side, "square image");
    assert_eq!(
        (info.color_type, info.bit_depth),
        (png::ColorType::Grayscale, png::BitDepth::One),
        "1-bit greyscale"
    );
    let mut raw = vec![0; reader.output_buffer_size().expect("buffer size")];
    let frame = reader.next_frame(&mut raw).expect("pixels");
    let row = frame.line_size;
    assert_eq!(row, side.div_ceil(8));
    let pixels = (0..side * side)
        .map(|i| {
            let (x, y) = (i % side, i / side);
            raw[y * row + x / 8] & (0x80 >> (x % 8)) == 0
        })
        .collect();
    (side, pixels)
}

/// The text of the QR code in a `data:image/png;base64,...` URI, read by an
/// independent QR decoder.
pub fn decode_qr(href: &str) -> String {
    let b64 = href
        .strip_prefix("data:image/png;base64,")
        .unwrap_or_else(|| panic!("not a PNG data URI: {}", &href[..href.len().min(40)]));
    let png = STANDARD.decode(b64).expect("base64");
    let (side, dark) = read_png(&png);
    assert!(side >= 150, "big enough to scan: {side}px");
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        if dark[y * side + x] { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("QR decodes").1
}
