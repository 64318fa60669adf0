import GRDB
import GRDBSQLite

/// One parameter of a statement being bound for one run, as the bulk seeder binds values straight from its records.
/// Text goes into the statement's `TextArena`, where it stays until the statement has run, so SQLite neither copies it
/// when it is bound nor frees the copy afterwards.
struct StatementParameter {
    let statement: SQLiteStatement
    let index: CInt
    let arena: TextArena

    func bindText(_ text: String) -> CInt {
        var text = text
        return text.withUTF8(bindText)
    }

    func bindText(_ utf8: UnsafeBufferPointer<UInt8>) -> CInt {
        arena.bind(utf8, to: statement, at: index)
    }
}

extension DatabaseValue {
    /// Binds the value as `DatabaseValue.bind(to:at:)` does, text through the arena.
    func bindStored(to parameter: StatementParameter) -> CInt {
        if case .string(let text) = storage { return parameter.bindText(text) }
        return bind(to: parameter.statement, at: parameter.index)
    }
}

/// The text bound to a statement for one run, kept in blocks of memory reused from run to run. A statement's text
/// must stay here until the statement has run and its parameters are cleared; `reset()` then makes room for the
/// next run.
final class TextArena {
    private static let blockSize = 64 * 1024
    private var blocks: [UnsafeMutableRawPointer] = []
    private var current = -1
    private var used = TextArena.blockSize

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// Copies the bytes here and binds them as text; a long text (over a block) or an empty one is left to SQLite
    /// to copy.
    func bind(_ utf8: UnsafeBufferPointer<UInt8>, to statement: SQLiteStatement, at index: CInt) -> CInt {
        guard let source = utf8.baseAddress, !utf8.isEmpty, utf8.count <= Self.blockSize else {
            return Self.bindCopied(utf8, to: statement, at: index)
        }
        if used + utf8.count > Self.blockSize {
            current += 1
            if current == blocks.count {
                blocks.append(.allocate(byteCount: Self.blockSize, alignment: 1))
            }
            used = 0
        }
        let destination = blocks[current] + used
        destination.copyMemory(from: source, byteCount: utf8.count)
        used += utf8.count
        // No destructor: SQLITE_STATIC, the bytes stay put until the statement has run.
        return sqlite3_bind_text(
            statement, index, destination.assumingMemoryBound(to: CChar.self), CInt(utf8.count), nil)
    }

    /// Makes the blocks free for the next run, once the statement that used them has run and been cleared.
    func reset() {
        current = -1
        used = Self.blockSize
    }

    /// Binds text for SQLite to copy (`SQLITE_TRANSIENT`). An empty text gets a pointer all the same: a NULL one
    /// would bind NULL.
    private static func bindCopied(
        _ utf8: UnsafeBufferPointer<UInt8>, to statement: SQLiteStatement, at index: CInt
    ) -> CInt {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: max(utf8.count, 1)) { buffer in
            for (offset, byte) in utf8.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            return sqlite3_bind_text(statement, index, buffer.baseAddress, CInt(utf8.count), transient)
        }
    }

    /// SQLite's `SQLITE_TRANSIENT`: the bound value is copied before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
