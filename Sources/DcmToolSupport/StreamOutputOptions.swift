import ArgumentParser

/// `--force`, the same on every tool that writes a stream: a binary stream on a terminal is
/// almost always a forgotten pipe, so it is refused unless asked for.
public struct StreamOutputOptions: ParsableArguments {
    @Flag(help: "Write the stream even when standard output is a terminal.")
    public var force = false

    public init() {}

    /// Exits with a message naming the tools to pipe into when standard output is a terminal
    /// and `--force` was not given.
    public func refuseTerminal(pipeInto next: String) {
        StageMain.refuseTerminalOutput(force: force, pipeInto: next)
    }
}
