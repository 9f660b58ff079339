//! Entry point: everything lives in the library so component tests can mount it.

fn main() {
    signin::start();
}
