import DeskflowWeb
import Foundation
import Testing

@testable import DeskflowCommandLine

@Suite("Where deskflow serve sends customer email")
struct MailSettingTests {
    static let file = DatabaseLocation.sqlite(path: "/srv/deskflow/store.sqlite")
    static let server = DatabaseLocation.postgres(PostgresLocation(user: "deskflow", host: "db", database: "deskflow"))

    static func folder(_ setting: MailSetting) -> String? {
        guard case .maildir(let folder) = setting else { return nil }
        return folder.path
    }

    static func command(_ setting: MailSetting) -> [String]? {
        guard case .sendmail(let command) = setting else { return nil }
        return command
    }

    @Test("with a SQLite file and nothing said, mail/ beside the database")
    func besideTheFile() throws {
        #expect(Self.folder(try MailSetting.chosen(mailDir: nil, sendmail: nil, database: Self.file)) == "/srv/deskflow/mail")
    }

    @Test("--mail-dir and --sendmail are taken with either engine; --sendmail wins over --mail-dir")
    func givenOnTheCommandLine() throws {
        for database in [Self.file, Self.server] {
            let folder = try MailSetting.chosen(mailDir: "/shared/mail", sendmail: nil, database: database)
            #expect(Self.folder(folder) == "/shared/mail")
            let command = try MailSetting.chosen(mailDir: "/shared/mail", sendmail: "/usr/sbin/sendmail -t -i", database: database)
            #expect(Self.command(command) == ["/usr/sbin/sendmail", "-t", "-i"])
        }
    }

    @Test("with a PostgreSQL URL and neither, serve is refused in one line naming both options")
    func urlNeedsOne() {
        for sendmail in [nil, ""] {
            #expect {
                try MailSetting.chosen(mailDir: nil, sendmail: sendmail, database: Self.server)
            } throws: { error in
                let line = (error as? CommandLineError)?.description ?? ""
                return line.contains("--mail-dir") && line.contains("--sendmail") && !line.contains("\n")
            }
        }
    }
}
