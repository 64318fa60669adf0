import DeskflowWeb
import Foundation

extension MailSetting {
    /// Where `deskflow serve` sends customer email: `--sendmail`, else `--mail-dir`, else `mail/` beside a SQLite file.
    /// A PostgreSQL URL has no beside, and instances each writing into a folder of their own would each hold part of
    /// the mail, so with a URL one of the two must be given.
    public static func chosen(
        mailDir: String?, sendmail: String?, database: DatabaseLocation
    ) throws(CommandLineError) -> MailSetting {
        if let sendmail, !sendmail.isEmpty { return .sendmail(sendmail.split(separator: " ").map(String.init)) }
        if let mailDir { return .maildir(URL(fileURLWithPath: mailDir, isDirectory: true)) }
        switch database {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            return .maildir(folder.appendingPathComponent("mail", isDirectory: true))
        case .postgres:
            throw CommandLineError(
                "with a PostgreSQL database, say where customer email goes: --mail-dir DIR (one folder every "
                    + "instance shares) or --sendmail COMMAND")
        }
    }
}
