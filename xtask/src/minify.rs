//! Short import and export names in the shipped wasm. wasm-bindgen names each import after its binding
//! and a hash (`__wbg_querySelectorAll_bd785907acdf7800` from module `./jenkins_api_token_bg.js`): with
//! 125 imports that is 7.7 KB of the wasm, the hashes incompressible. binaryen's
//! `--minify-imports-and-exports-and-modules` renames them to `a`, `b`, … and prints the mapping, which
//! is applied to the JS glue here (Emscripten ships its glue the same way). Both sides are then checked
//! against each other, so a glue this rewrite does not understand fails the build, not the popup.

use std::collections::HashMap;

use anyhow::{Context, anyhow, bail};

use crate::util::Result;

/// binaryen's printed mapping: `{"imports": [[module, old, new]…], "exports": [[old, new]…]}`.
pub struct Mapping {
    imports: Vec<(String, String, String)>,
    exports: HashMap<String, String>,
}

impl Mapping {
    pub fn parse(printed: &str) -> Result<Mapping> {
        let json: serde_json::Value = serde_json::from_str(printed).context("reading binaryen's minify mapping")?;
        let rows = |key: &str| -> Result<Vec<Vec<String>>> {
            let rows = json[key].as_array().with_context(|| format!("the minify mapping has no {key}"))?;
            Ok(rows
                .iter()
                .map(|row| {
                    row.as_array().into_iter().flatten().filter_map(|cell| cell.as_str().map(str::to_owned)).collect()
                })
                .collect())
        };
        let imports = rows("imports")?
            .into_iter()
            .map(|row| match <[String; 3]>::try_from(row) {
                Ok([module, old, new]) => Ok((module, old, new)),
                Err(row) => Err(anyhow!("a minified import that is not [module, old, new]: {row:?}")),
            })
            .collect::<Result<_>>()?;
        let exports = rows("exports")?
            .into_iter()
            .map(|row| match <[String; 2]>::try_from(row) {
                Ok([old, new]) => Ok((old, new)),
                Err(row) => Err(anyhow!("a minified export that is not [old, new]: {row:?}")),
            })
            .collect::<Result<_>>()?;
        Ok(Mapping { imports, exports })
    }
}

/// The glue with the minified names: each import's key in the imports object, the module's key, and
/// every `wasm.<export>`. Then checked against `wasm`, the minified module itself.
pub fn rewrite_glue(glue: &str, mapping: &Mapping, wasm: &[u8]) -> Result<String> {
    let (imports, exports) = imports_and_exports(wasm)?;
    let mut glue = glue.to_owned();
    for (_, old, new) in &mapping.imports {
        glue = replace_once(&glue, &format!("{old}:"), &format!("{new}:"))?;
    }
    let mut modules: Vec<&str> = mapping.imports.iter().map(|(module, ..)| module.as_str()).collect();
    modules.dedup();
    let new_modules: Vec<&str> = {
        let mut names: Vec<&str> = imports.iter().map(|(module, _)| module.as_str()).collect();
        names.dedup();
        names
    };
    let ([old_module], [new_module]) = (modules.as_slice(), new_modules.as_slice()) else {
        bail!("expected imports from one module, found {modules:?} → {new_modules:?}");
    };
    glue = replace_once(&glue, &format!("\"{old_module}\":"), &format!("\"{new_module}\":"))?;
    let glue = rename_export_uses(&glue, &mapping.exports)?;

    // The check: every import the wasm asks for is one the glue now provides (each key was renamed
    // once above), and every export the glue uses exists.
    let provided: Vec<&str> = mapping.imports.iter().map(|(_, _, new)| new.as_str()).collect();
    for (module, name) in &imports {
        if module != *new_module || !provided.contains(&name.as_str()) {
            bail!("the wasm imports {module}.{name}, which the glue does not provide");
        }
    }
    for used in export_uses(&glue) {
        if !exports.iter().any(|export| export == used) {
            bail!("the glue uses wasm.{used}, which the wasm does not export");
        }
    }
    Ok(glue)
}

fn replace_once(text: &str, old: &str, new: &str) -> Result<String> {
    match text.matches(old).count() {
        1 => Ok(text.replacen(old, new, 1)),
        count => bail!("expected `{old}` once in the JS glue, found it {count} times"),
    }
}

fn is_identifier(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$'
}

/// Each `wasm.<name>` in the glue (not `x.wasm.<name>` nor `xwasm.<name>`), as (start of name, name).
fn export_use_spans(glue: &str) -> Vec<(usize, &str)> {
    let bytes = glue.as_bytes();
    glue.match_indices("wasm.")
        .filter(|(at, _)| *at == 0 || !(is_identifier(bytes[at - 1]) || bytes[at - 1] == b'.'))
        .map(|(at, _)| {
            let start = at + "wasm.".len();
            let end = start + bytes[start..].iter().take_while(|byte| is_identifier(**byte)).count();
            (start, &glue[start..end])
        })
        .collect()
}

fn export_uses(glue: &str) -> Vec<&str> {
    export_use_spans(glue).into_iter().map(|(_, name)| name).collect()
}

fn rename_export_uses(glue: &str, exports: &HashMap<String, String>) -> Result<String> {
    let mut renamed = String::with_capacity(glue.len());
    let mut copied = 0;
    for (start, name) in export_use_spans(glue) {
        let new =
            exports.get(name).with_context(|| format!("the glue uses wasm.{name}, which binaryen did not rename"))?;
        renamed.push_str(&glue[copied..start]);
        renamed.push_str(new);
        copied = start + name.len();
    }
    renamed.push_str(&glue[copied..]);
    Ok(renamed)
}

/// The (module, name) of each import and the name of each export of a wasm module.
#[allow(clippy::type_complexity)]
fn imports_and_exports(wasm: &[u8]) -> Result<(Vec<(String, String)>, Vec<String>)> {
    let mut reader = Reader { bytes: wasm, at: 8 };
    if wasm.get(..4) != Some(b"\0asm") {
        bail!("not a wasm module");
    }
    let (mut imports, mut exports) = (Vec::new(), Vec::new());
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let end = reader.at + size;
        match id {
            2 => {
                for _ in 0..reader.leb()? {
                    let module = reader.name()?;
                    let name = reader.name()?;
                    match reader.byte()? {
                        0 => drop(reader.leb()?),
                        kind => {
                            bail!("import {module}.{name} of kind {kind}: only functions are expected");
                        }
                    }
                    imports.push((module, name));
                }
            }
            7 => {
                for _ in 0..reader.leb()? {
                    exports.push(reader.name()?);
                    reader.byte()?;
                    reader.leb()?;
                }
            }
            _ => {}
        }
        reader.at = end;
    }
    Ok((imports, exports))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8> {
        let byte = *self.bytes.get(self.at).context("the wasm ends early")?;
        self.at += 1;
        Ok(byte)
    }

    fn leb(&mut self) -> Result<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        bail!("a LEB128 number longer than 5 bytes")
    }

    fn name(&mut self) -> Result<String> {
        let length = self.leb()? as usize;
        let bytes = self.bytes.get(self.at..self.at + length).context("the wasm ends early")?;
        self.at += length;
        String::from_utf8(bytes.to_vec()).context("a name in the wasm is not UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `./x_bg.js.__wbg_long_name_0123` and exporting `memory` and `start`,
    /// minified by hand as binaryen would: import `a.a`, exports `b` and `c`.
    fn minified_module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // type section: one `() -> ()`
        wasm.extend([1, 4, 1, 0x60, 0, 0]);
        // import section: a.a, function of type 0
        wasm.extend([2, 7, 1, 1, b'a', 1, b'a', 0, 0]);
        // export section: "b" (memory 0) and "c" (function 0)
        wasm.extend([7, 9, 2, 1, b'b', 2, 0, 1, b'c', 0, 0]);
        wasm
    }

    fn mapping() -> Mapping {
        Mapping::parse(
            r#"{"imports": [["./x_bg.js", "__wbg_long_name_0123", "a"]],
                "exports": [["memory", "b"], ["start", "c"]]}"#,
        )
        .unwrap()
    }

    const GLUE: &str = "const import0 = {\n    __wbg_long_name_0123: function() {},\n};\nreturn { \"./x_bg.js\": import0 };\nwasm.start(); new Uint8Array(wasm.memory.buffer); load('x_bg.wasm', a.wasm.b);";

    #[test]
    fn renames_both_sides_and_checks_them() {
        let glue = rewrite_glue(GLUE, &mapping(), &minified_module()).unwrap();
        assert!(glue.contains("    a: function() {}"), "{glue}");
        assert!(glue.contains("\"a\": import0"), "{glue}");
        assert!(glue.contains("wasm.c(); new Uint8Array(wasm.b.buffer)"), "{glue}");
        // `a.wasm.b` is not the module's `wasm` and stays as it was.
        assert!(glue.contains("a.wasm.b"), "{glue}");
        assert!(!glue.contains("__wbg_long_name"), "{glue}");
    }

    #[test]
    fn a_glue_it_does_not_understand_fails_the_build() {
        // The glue uses an export binaryen did not rename.
        let unknown = GLUE.replace("wasm.start()", "wasm.stop()");
        assert!(rewrite_glue(&unknown, &mapping(), &minified_module()).unwrap_err().to_string().contains("wasm.stop"));
        // An import's key is not where the rewrite looks for it.
        let moved = GLUE.replace("__wbg_long_name_0123:", "'__wbg_long_name_0123' :");
        assert!(
            rewrite_glue(&moved, &mapping(), &minified_module())
                .unwrap_err()
                .to_string()
                .contains("__wbg_long_name_0123")
        );
        // The wasm imports something the glue does not provide.
        let mut wasm = minified_module();
        let import_name = 20;
        assert_eq!(wasm[import_name], b'a');
        wasm[import_name] = b'z';
        assert!(rewrite_glue(GLUE, &mapping(), &wasm).unwrap_err().to_string().contains("a.z"));
        // The wasm exports something else than the mapping says.
        let mut wasm = minified_module();
        let export_c = wasm.len() - 3;
        wasm[export_c] = b'd';
        assert!(rewrite_glue(GLUE, &mapping(), &wasm).unwrap_err().to_string().contains("wasm.c"));
    }
}
