import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The toolkit's version, printed by every tool's `--version`.
public enum ToolVersion {
    public static let current = "0.10.0"
}

extension ParsableCommand {
    /// Parses the command line and runs the command, as `main()` does, with the exit
    /// statuses every manual documents: bad usage is 2 (ArgumentParser's own `main()` exits
    /// 64, EX_USAGE), and its messages carry the program name, as GNU tools' do.
    public static func runAsTool() -> Never {
        let name = configuration.commandName ?? Diagnostics.program
        ToolLifetime.followParent()
        do {
            var command = try parseAsRoot()
            try command.run()
            Glibc.exit(0)
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                // --help and --version.
                if !text.isEmpty { print(text) }
                Glibc.exit(0)
            }
            if !text.isEmpty {
                // Usage text spans lines: written as it is, after the program name.
                let body = text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text
                Diagnostics.writeRaw("\(name): \(body)\n")
            }
            Glibc.exit(code == .validationFailure ? ExitStatus.fatal.rawValue : code.rawValue)
        }
    }
}
