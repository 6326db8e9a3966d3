//! A runbook as `drsim init` reads it, whatever its markup: sections
//! (headings) holding list items and paragraphs, each with the line it
//! starts on. Markdown (`markdown`) and reStructuredText or plain text
//! (`plain`) are both read into this.

/// A whole document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// The first heading, when the document has one.
    pub title: Option<String>,
    /// In document order; text before the first heading is a section
    /// without a title.
    pub sections: Vec<Section>,
}

/// What one heading covers, up to the next heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub title: String,
    /// 1 for the top heading level used, 2 below it, and so on.
    pub level: usize,
    pub line: usize,
    pub blocks: Vec<Block>,
}

/// A list item or a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// Its text, markup removed, on one line.
    pub text: String,
    pub line: usize,
    /// Inside an HTML comment: a part of the plan left out for now.
    pub commented: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A list item: numbered or not, and how deeply nested (0 at the top).
    Item {
        ordered: bool,
        depth: usize,
    },
    Paragraph,
}

impl Outline {
    /// A new section, titled `title`; the first title is the document's.
    pub fn start_section(&mut self, title: String, level: usize, line: usize) {
        if self.title.is_none() {
            self.title = Some(title.clone());
        }
        self.sections.push(Section {
            title,
            level,
            line,
            blocks: Vec::new(),
        });
    }

    /// Adds a block to the current section (an untitled one at first).
    pub fn push(&mut self, kind: BlockKind, text: &str, line: usize) {
        self.push_block(kind, text, line, false);
    }

    /// [`Outline::push`], saying whether the block was commented out.
    pub fn push_block(&mut self, kind: BlockKind, text: &str, line: usize, commented: bool) {
        let text = squeeze(text);
        if text.is_empty() {
            return;
        }
        if self.sections.is_empty() {
            self.sections.push(Section {
                line,
                ..Section::default()
            });
        }
        if let Some(section) = self.sections.last_mut() {
            section.blocks.push(Block {
                kind,
                text,
                line,
                commented,
            });
        }
    }
}

/// `text` on one line, runs of white space made one space.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
