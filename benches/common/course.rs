//! The load bench's course (benches/load.rs), shared with `examples/instructions.rs` so that
//! the instruction counts of loading are taken on the very same files.

use gradtutor::exercise::SourceFile;
use std::fmt::Write;

/// One exercise of each of eight shapes, in rotation, like a real course: plain and at-point
/// derivatives, a partial with `vars`, a gradient, a Jacobian, a directional derivative, a
/// value with params, and a 4-row likelihood table.
fn exercise(w: &mut String, i: usize) {
    let _ = write!(
        w,
        "\n[[exercise]]\nid = \"ex-{i}\"\ntitle = \"Exercise {i}\"\nhints = [\"First hint for {i}.\", \"Second hint.\"]\nsolution = \"\"\"\nThe worked solution of exercise {i},\nover two lines.\"\"\"\n"
    );
    let k = i as f64;
    // Every formula differs from every other exercise's (`k` is in each), so nothing could be
    // shared between exercises: the worst case for loading.
    let body = match i % 8 {
        0 => format!("kind = \"derivative\"\nprompt = \"Differentiate.\"\nfunction = \"{k}*x^4 - 5*x^2 + 2*x\"\nvar = \"x\"\nanswer = \"{}*x^3 - 10*x + 2\"\n", 4.0 * k),
        1 => format!("kind = \"derivative\"\nprompt = \"Slope at 2.\"\nfunction = \"exp(2*x)*cos(x) + {k}*x\"\nvar = \"x\"\nat = {{ x = 2 }}\ntolerance = {{ abs = 0.001 }}\n"),
        2 => format!("kind = \"derivative\"\nprompt = \"Partial in y.\"\nfunction = \"x*y^2 + x^3 + {k}*y\"\nvar = \"y\"\nvars = [\"x\", \"y\"]\nanswer = \"2*x*y + {k}\"\n"),
        3 => format!("kind = \"gradient\"\nprompt = \"Gradient.\"\nfunction = \"(1 - x)^2 + {k}*(y - x^2)^2\"\nvars = [\"x\", \"y\"]\nanswer = [\"-2*(1 - x) - {}*x*(y - x^2)\", \"{}*(y - x^2)\"]\n", 4.0 * k, 2.0 * k),
        4 => format!("kind = \"jacobian\"\nprompt = \"Jacobian.\"\nfunctions = [\"x^2*y\", \"{k}*x + sin(y)\"]\nvars = [\"x\", \"y\"]\nanswer = [[\"2*x*y\", \"x^2\"], [\"{k}\", \"cos(y)\"]]\n"),
        5 => format!("kind = \"directional\"\nprompt = \"Directional.\"\nfunction = \"sin(x)*cos(y) + {k}*x\"\nvars = [\"x\", \"y\"]\ndirection = [\"1/2\", \"sqrt(3)/2\"]\nat = {{ x = 2, y = 2.5 }}\n"),
        6 => format!("kind = \"value\"\nprompt = \"One update.\"\nvalue = \"w0 - lr*2*w0\"\nparams = {{ w0 = {k}, lr = 0.1 }}\n"),
        _ => format!("kind = \"table\"\nprompt = \"Fill the table.\"\nparams = {{ w = 0.5, b = -{k} }}\ndata = {{ x = [8, 15, 27, 31], y = [0, 0, 1, 1] }}\ncolumns = [\n  {{ name = \"z\", formula = \"w*x + b + {k}\" }},\n  {{ name = \"a\", formula = \"sigmoid(z)\" }},\n  {{ name = \"p\", formula = \"a^y*(1 - a)^(1 - y)\" }},\n]\ntotals = [{{ name = \"L\", formula = \"prod(p)\" }}, {{ name = \"cost\", formula = \"-log10(prod(p))/4\" }}]\n"),
    };
    w.push_str(&body);
}

/// `files` files with `per_file` exercises each.
pub fn course(files: usize, per_file: usize) -> Vec<SourceFile> {
    (0..files)
        .map(|f| {
            let mut text = format!("title = \"Set {f}\"\n[defaults]\ndomain = [-3, 3]\n");
            for j in 0..per_file {
                exercise(&mut text, f * per_file + j);
            }
            SourceFile {
                name: format!("set-{f}.toml"),
                text,
            }
        })
        .collect()
}
