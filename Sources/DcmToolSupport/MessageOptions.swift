import ArgumentParser

/// `-q` and `-v`, the same on every tool: how much a run says on standard error. Failures
/// and warnings are always said.
public struct MessageOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Say only failures and warnings: no progress, no summary.")
    public var quiet = false

    @Flag(name: .shortAndLong, help: "Say what happens to each input, and a summary.")
    public var verbose = false

    public init() {}

    public func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    /// Sets the program name and how much `Diagnostics` says.
    public func apply(program: String) {
        Diagnostics.program = program
        Diagnostics.verbose = verbose
        Diagnostics.quiet = quiet
    }
}
