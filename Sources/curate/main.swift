import CurateKit
let post = try PostReader.read(path: CommandLine.arguments[1])
for e in post.entries { print(e.line, e.column, e.title, e.url, e.description ?? "-", e.separator.debugDescription) }
for s in post.sections { print(s.line, s.path) }
print(post.items.filter(\.isEmpty).map(\.line))
