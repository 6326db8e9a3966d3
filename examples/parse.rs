fn main() {
    let path = std::env::args().nth(1).unwrap();
    match drsim::scenario::load(std::path::Path::new(&path)) {
        Ok(s) => println!(
            "{:#?}",
            s.components.iter().map(|c| &c.id).collect::<Vec<_>>()
        ),
        Err(e) => println!("{e}"),
    }
}
