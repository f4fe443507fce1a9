//! `concord serve`: the JSON API and the lookup page, until SIGTERM or Ctrl-C.

use anyhow::Result;
use concord::serve::{self, ServeOptions};

use super::args::ServeArgs;
use super::{Database, Outcome};

pub fn run(db: &Database, args: ServeArgs) -> Result<Outcome> {
    let opts = ServeOptions {
        max_upload: args.max_upload,
        ..ServeOptions::new(db.store_location()?, args.addr, args.read_only, args.token)?
    };
    // The address line is how a script (or a test that asked for port 0) learns the port.
    serve::run(&opts, |addr| println!("listening on http://{addr}"))?;
    Ok(Outcome::Success)
}
