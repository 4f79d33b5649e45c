import XCTest
import Foundation
import DICOMCore
import DICOMEncoding
import SharedTestSupport
import Synchronization

/// Expected bytes are the PatientName (0010,0010) values of the pydicom charset sample files
/// (which follow the PS3.5 Annex H/I/J/K examples) and the PS3.5 examples themselves.
final class SpecificCharacterSetTests: XCTestCase {

    private func cs(_ terms: String...) -> SpecificCharacterSet { SpecificCharacterSet(terms: terms) }

    private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Decodes `bytes` to `text`; optionally checks that encoding gives `bytes` back;
    /// always checks decode(encode(text)) == text.
    private func check(
        _ set: SpecificCharacterSet, _ bytes: [UInt8], _ text: String, vr: VR = .PN,
        exactEncode: Bool = true, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(set.decode(bytes[...], vr: vr), text, "decode", file: file, line: line)
        guard let enc = set.encode(text, vr: vr) else {
            XCTFail("encode returned nil", file: file, line: line)
            return
        }
        if exactEncode { XCTAssertEqual(enc, bytes, "encode", file: file, line: line) }
        XCTAssertEqual(set.decode(enc[...], vr: vr), text, "round trip", file: file, line: line)
    }

    // MARK: Terms

    func testTerms() {
        let s = SpecificCharacterSet(rawValue: b("\\ISO 2022 IR 87 "))
        XCTAssertEqual(s.terms, ["", "ISO 2022 IR 87"])
        XCTAssertEqual(s.unknownTerms, [])
        XCTAssertEqual(
            SpecificCharacterSet(rawValue: b("ISO 2022 IR 13\\ISO 2022 IR 87 ")).terms,
            ["ISO 2022 IR 13", "ISO 2022 IR 87"])
        XCTAssertEqual(SpecificCharacterSet(rawValue: b("GB18030 ")).terms, ["GB18030"])
        XCTAssertEqual(SpecificCharacterSet(rawValue: [UInt8]()), .defaultRepertoire)
        XCTAssertEqual(SpecificCharacterSet(terms: [""]), .defaultRepertoire)
        XCTAssertEqual(SpecificCharacterSet(rawValue: b("  ")), .defaultRepertoire)
        XCTAssertEqual(cs("ISO_IR 100"), SpecificCharacterSet(rawValue: b("ISO_IR 100")))
        XCTAssertNotEqual(cs("ISO_IR 100"), cs("ISO_IR 101"))
        XCTAssertEqual(cs("ISO_IR 100", "FOO", "ISO 2022 IR 999").unknownTerms, ["FOO", "ISO 2022 IR 999"])
        XCTAssertEqual(cs("ISO 2022 IR 192").unknownTerms, ["ISO 2022 IR 192"])
        // Tolerated spellings.
        XCTAssertEqual(cs("ISO-IR 100", "iso_ir100", "ISO 2022 IR 87").unknownTerms, [])
        XCTAssertEqual(cs("ISO-IR 100").decode([0x4A, 0xE9][...], vr: .PN), "J\u{E9}")
    }

    // MARK: Default repertoire and VRs outside the character set

    func testDefaultRepertoire() {
        let d = SpecificCharacterSet.defaultRepertoire
        check(d, b("Doe^John "), "Doe^John ")
        XCTAssertNil(d.decode([0x4A, 0xE9][...], vr: .PN))
        XCTAssertNil(d.encode("J\u{E9}", vr: .PN))
        check(cs("ISO_IR 6"), b("A\\B"), "A\\B", vr: .LO)
        check(cs("ISO 2022 IR 6"), b("A\\B"), "A\\B", vr: .LO)
        // Padding and controls are kept.
        XCTAssertEqual(d.decode([0x41, 0x20, 0x00][...], vr: .LO), "A \u{0}")
    }

    func testNonCharsetVRsAreASCII() {
        let latin = cs("ISO_IR 100")
        XCTAssertEqual(latin.decode(b("ORIGINAL\\PRIMARY ")[...], vr: .CS), "ORIGINAL\\PRIMARY ")
        XCTAssertNil(latin.decode([0x41, 0xE9][...], vr: .CS))
        XCTAssertNil(latin.decode([0x41, 0xE9][...], vr: .DA))
        XCTAssertNil(latin.encode("\u{E9}", vr: .AE))
        XCTAssertEqual(latin.encode("1.2.3", vr: .UI), b("1.2.3"))
        XCTAssertNil(cs("ISO_IR 192").decode([0xC3, 0xA9][...], vr: .CS))
    }

    func testSlicesWithNonZeroStartIndex() {
        let whole: [UInt8] = [0xFF, 0xFF] + [0x42, 0x75, 0x63, 0x5E, 0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65] + [0xFF]
        XCTAssertEqual(cs("ISO_IR 100").decode(whole[2..<12], vr: .PN), "Buc^J\u{E9}r\u{F4}me")
        let jp: [UInt8] = [0x00] + [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x1B, 0x28, 0x42]
        XCTAssertEqual(cs("", "ISO 2022 IR 87").decode(jp[1...], vr: .PN), "\u{5C71}")
    }

    // MARK: Single-byte sets (pydicom chrFren, chrGerm, chrGreek, chrRuss, chrArab, chrHbrw)

    func testLatin1() {
        // chrFren / chrFrenMulti
        check(cs("ISO_IR 100"), [0x42, 0x75, 0x63, 0x5E, 0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65], "Buc^Jérôme")
        // chrGerm
        check(
            cs("ISO_IR 100"), [0xC4, 0x6E, 0x65, 0x61, 0x73, 0x5E, 0x52, 0xFC, 0x64, 0x69, 0x67, 0x65, 0x72, 0x20],
            "Äneas^Rüdiger ")
        // Every byte is Latin-1 (C1 controls included).
        let all = (0...255).map { UInt8($0) }.filter { $0 != 0x1B }
        let text = String(String.UnicodeScalarView(all.map { Unicode.Scalar($0) }))
        check(cs("ISO_IR 100"), all, text, vr: .LT)
        XCTAssertNil(cs("ISO_IR 100").encode("\u{0152}", vr: .LO))  // Œ is not in Latin-1
    }

    func testGreek() {
        // chrGreek
        check(cs("ISO_IR 126"), [0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2, 0x20], "Διονυσιος ")
    }

    func testCyrillic() {
        // chrRuss (mixes Latin c, e, y, p with Cyrillic letters)
        check(cs("ISO_IR 144"), [0xBB, 0xEE, 0xDA, 0x63, 0x65, 0xDC, 0xD1, 0x79, 0x70, 0xD3], "Люкceмбypг")
    }

    func testArabic() {
        // chrArab
        check(cs("ISO_IR 127"), [0xE2, 0xC8, 0xC7, 0xE6, 0xEA, 0x5E, 0xE4, 0xE6, 0xD2, 0xC7, 0xD1, 0x20], "قباني^لنزار ")
    }

    func testHebrew() {
        // chrHbrw
        check(cs("ISO_IR 138"), [0xF9, 0xF8, 0xE5, 0xEF, 0x5E, 0xE3, 0xE1, 0xE5, 0xF8, 0xE4], "שרון^דבורה")
    }

    func testThai() {
        // TIS 620-2533: U+0E01...U+0E3A = 0xA1...0xDA, U+0E3F...U+0E5B = 0xDF...0xFB.
        check(cs("ISO_IR 166"), [0xCA, 0xC1, 0xAA, 0xD2, 0xC2, 0x5E, 0xE3, 0xA8, 0xB4, 0xD5], "สมชาย^ใจดี")
        XCTAssertNil(cs("ISO_IR 166").decode([0xFC][...], vr: .LO))  // unassigned
        XCTAssertNil(cs("ISO_IR 166").decode([0xA0][...], vr: .LO))
    }

    func testOtherLatin() {
        check(cs("ISO_IR 101"), [0x44, 0x76, 0x6F, 0xF8, 0xE1, 0x6B], "Dvořák")
        check(cs("ISO_IR 109"), [0xD8, 0x65, 0x6E], "Ĝen")
        check(cs("ISO_IR 110"), [0x4B, 0xE0, 0x72, 0x6C, 0x69, 0x73], "Kārlis")
        check(
            cs("ISO_IR 148"), [0xDD, 0x73, 0x74, 0x61, 0x6E, 0x62, 0x75, 0x6C, 0x5E, 0x44, 0x6F, 0xF0, 0x61, 0x6E],
            "İstanbul^Doğan")
    }

    func testSingleByteCodeExtensions() {
        let s = cs("ISO 2022 IR 100", "ISO 2022 IR 126")
        // Value 1 (Latin-1) needs no escape; Greek is designated with ESC - F, and G1
        // returns to Latin-1 after the value delimiter.
        check(s, [0xE9, 0x5C, 0x1B, 0x2D, 0x46, 0xD9], "é\\Ω", vr: .LO)
        XCTAssertEqual(s.decode([0x1B, 0x2D, 0x46, 0xD9, 0x5C, 0xD9][...], vr: .LO), "Ω\\Ù")
        // No value delimiter in LT: the Greek designation stays.
        check(s, [0x1B, 0x2D, 0x46, 0xD9, 0x5C, 0xD9], "Ω\\Ω", vr: .LT)
        // Line ends reset the state in text.
        XCTAssertEqual(s.decode([0x1B, 0x2D, 0x46, 0xD9, 0x0D, 0x0A, 0xD9][...], vr: .LT), "Ω\r\nÙ")
        check(s, [0x1B, 0x2D, 0x46, 0xD9, 0x0D, 0x0A, 0x1B, 0x2D, 0x46, 0xD9], "Ω\r\nΩ", vr: .LT)
        // PN component delimiters reset too.
        check(s, [0x1B, 0x2D, 0x46, 0xD9, 0x5E, 0x1B, 0x2D, 0x46, 0xD9, 0x3D, 0xE9], "Ω^Ω=é")
        // Cyrillic and Greek mixed after an empty value 1.
        check(
            cs("", "ISO 2022 IR 144", "ISO 2022 IR 126"),
            [0x1B, 0x2D, 0x4C, 0xBB, 0x1B, 0x2D, 0x46, 0xC4], "ЛΔ", vr: .LO)
    }

    // MARK: Japanese (PS3.5 Annex H; pydicom chrH31, chrH32, chrJapMulti, chrSQEncoding)

    static let yamadaH31: [UInt8] = [
        0x59, 0x61, 0x6D, 0x61, 0x64, 0x61, 0x5E, 0x54, 0x61, 0x72, 0x6F, 0x75, 0x3D,
        0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E,
        0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42, 0x3D,
        0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x42, 0x5E,
        0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x42
    ]

    func testJapaneseIR87() {
        check(cs("", "ISO 2022 IR 87"), Self.yamadaH31, "Yamada^Tarou=山田^太郎=やまだ^たろう")
        // chrJapMulti and chrJapMultiExplicitIR6: trailing space kept.
        let multi: [UInt8] = [
            0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x42, 0x5E,
            0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x42, 0x20
        ]
        check(cs("", "ISO 2022 IR 87"), multi, "やまだ^たろう ")
        check(cs("ISO 2022 IR 6", "ISO 2022 IR 87"), multi, "やまだ^たろう ")
        check(SpecificCharacterSet(rawValue: b("\\ISO 2022 IR 87 ")), multi, "やまだ^たろう ")
    }

    func testJapaneseIR13() {
        // chrH32 (PS3.5 H.3.2): katakana in G1 needs no escape; G0 returns with ESC ( J.
        let h32: [UInt8] = [
            0xD4, 0xCF, 0xC0, 0xDE, 0x5E, 0xC0, 0xDB, 0xB3, 0x3D,
            0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x4A, 0x5E,
            0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x4A, 0x3D,
            0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x4A, 0x5E,
            0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x4A
        ]
        let text = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
        check(cs("ISO 2022 IR 13", "ISO 2022 IR 87"), h32, text)
        // chrSQEncoding1 returns to G0 with ESC ( B instead; decodes the same.
        let sq: [UInt8] = h32.map { $0 == 0x4A ? 0x42 : $0 }
        check(cs("ISO 2022 IR 13", "ISO 2022 IR 87"), sq, text, exactEncode: false)
        // ISO_IR 13 alone: katakana in GR; 0x5C is read as REVERSE SOLIDUS (delimiter), not YEN SIGN.
        check(cs("ISO_IR 13"), [0xD4, 0xCF, 0xC0, 0xDE, 0x5C, 0x41], "ﾔﾏﾀﾞ\\A", vr: .LO)
        XCTAssertNil(cs("ISO_IR 13").decode([0xE0][...], vr: .LO))
        XCTAssertNil(cs("ISO_IR 13").encode("山", vr: .LO))
    }

    func testJapaneseIR159() {
        // JIS X 0212 row 16 cell 1 (丂, EUC-JP 0x8F 0xB0 0xA1) designated with ESC $ ( D.
        let bytes: [UInt8] = [
            0x41, 0x3D, 0x1B, 0x24, 0x28, 0x44, 0x30, 0x21, 0x1B, 0x28, 0x42, 0x5E,
            0x1B, 0x24, 0x42, 0x3B, 0x33, 0x1B, 0x28, 0x42
        ]
        check(cs("", "ISO 2022 IR 87", "ISO 2022 IR 159"), bytes, "A=丂^山")
        // Switch G0 directly between the two Kanji sets.
        check(
            cs("", "ISO 2022 IR 87", "ISO 2022 IR 159"),
            [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x1B, 0x24, 0x28, 0x44, 0x30, 0x21, 0x1B, 0x28, 0x42], "山丂")
        XCTAssertNil(cs("", "ISO 2022 IR 87").encode("丂", vr: .PN))
    }

    // MARK: Korean (PS3.5 Annex I; pydicom chrI2, chrKoreanMulti)

    func testKorean() {
        let i2: [UInt8] = [
            0x48, 0x6F, 0x6E, 0x67, 0x5E, 0x47, 0x69, 0x6C, 0x64, 0x6F, 0x6E, 0x67, 0x3D,
            0x1B, 0x24, 0x29, 0x43, 0xFB, 0xF3, 0x5E,
            0x1B, 0x24, 0x29, 0x43, 0xD1, 0xCE, 0xD4, 0xD7, 0x3D,
            0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0x5E,
            0x1B, 0x24, 0x29, 0x43, 0xB1, 0xE6, 0xB5, 0xBF
        ]
        check(cs("", "ISO 2022 IR 149"), i2, "Hong^Gildong=洪^吉洞=홍^길동")
        // chrKoreanMulti ends with a (redundant) ESC ( B before the padding.
        let multi: [UInt8] = [0x1B, 0x24, 0x29, 0x43, 0xB1, 0xE8, 0xC8, 0xF1, 0xC1, 0xDF, 0x1B, 0x28, 0x42, 0x20]
        check(cs("", "ISO 2022 IR 149"), multi, "김희중 ", exactEncode: false)
        XCTAssertEqual(
            cs("", "ISO 2022 IR 149").encode("김희중 ", vr: .PN),
            [0x1B, 0x24, 0x29, 0x43, 0xB1, 0xE8, 0xC8, 0xF1, 0xC1, 0xDF, 0x20])
        // PS3.5 I.3: Hangul and ASCII mixed in a line after one escape sequence.
        let lt: [UInt8] =
            [0x1B, 0x24, 0x29, 0x43] + b("The first line includes ") + [0xC7, 0xD1, 0xB1, 0xDB]
            + b(".\r\n") + [0x1B, 0x24, 0x29, 0x43] + b("The second line includes ") + [0xC7, 0xD1, 0xB1, 0xDB]
            + b(", too.\r\nThe third line")
        XCTAssertEqual(
            cs("", "ISO 2022 IR 149").decode(lt[...], vr: .LT),
            "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line")
        check(
            cs("", "ISO 2022 IR 149"), lt,
            "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line",
            vr: .LT, exactEncode: false)
        // GR bytes without the escape sequence: read in the only listed G1 set.
        XCTAssertEqual(cs("", "ISO 2022 IR 149").decode([0xB1, 0xE8][...], vr: .PN), "김")
        XCTAssertNil(cs("", "ISO 2022 IR 87").decode([0xB1, 0xE8][...], vr: .PN))
    }

    // MARK: Chinese (PS3.5 Annexes J and K; pydicom chrX1, chrX2)

    func testChineseGB2312() {
        // PS3.5 K.2
        let k2: [UInt8] = [
            0x5A, 0x68, 0x61, 0x6E, 0x67, 0x5E, 0x58, 0x69, 0x61, 0x6F, 0x44, 0x6F, 0x6E, 0x67, 0x3D,
            0x1B, 0x24, 0x29, 0x41, 0xD5, 0xC5, 0x5E,
            0x1B, 0x24, 0x29, 0x41, 0xD0, 0xA1, 0xB6, 0xAB, 0x3D, 0x20
        ]
        check(cs("", "ISO 2022 IR 58"), k2, "Zhang^XiaoDong=张^小东= ")
        // PS3.5 K.3: long text with an escape at each line and ESC ( B before CR LF.
        var k3: [UInt8] = []
        let lines: [[UInt8]] = [[0xB5, 0xDA, 0xD2, 0xBB], [0xB5, 0xDA, 0xB6, 0xFE], [0xB5, 0xDA, 0xC8, 0xFD]]
        for (n, first) in lines.enumerated() {
            k3 += [0x31 + UInt8(n), 0x2E, 0x1B, 0x24, 0x29, 0x41] + first
            k3 += [0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3, 0x1B, 0x28, 0x42, 0x0D, 0x0A]
        }
        k3.append(0x20)
        check(
            cs("", "ISO 2022 IR 58"), k3, "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n ",
            vr: .LT, exactEncode: false)
    }

    func testChineseGB18030() {
        // chrX2 (PS3.5 J.3)
        let x2: [UInt8] = [
            0x57, 0x61, 0x6E, 0x67, 0x5E, 0x58, 0x69, 0x61, 0x6F, 0x44, 0x6F, 0x6E, 0x67, 0x3D,
            0xCD, 0xF5, 0x5E, 0xD0, 0xA1, 0xB6, 0xAB, 0x3D
        ]
        check(cs("GB18030"), x2, "Wang^XiaoDong=王^小东=")
        check(SpecificCharacterSet(rawValue: b("GB18030 ")), x2, "Wang^XiaoDong=王^小东=")
        check(cs("GBK"), x2, "Wang^XiaoDong=王^小东=")
        // Four-byte GB18030 sequences (outside GBK).
        check(cs("GB18030"), [0x95, 0x32, 0x82, 0x36], "\u{20000}", vr: .LO)
        XCTAssertNil(cs("GBK").encode("\u{20000}", vr: .LO))
        // A trail byte 0x5C is not a value delimiter in GBK: the whole value is one sequence.
        let withBackslashTrail: [UInt8] = [0x81, 0x5C]
        if let t = cs("GBK").decode(withBackslashTrail[...], vr: .LO) {
            XCTAssertEqual(t.unicodeScalars.count, 1)
            XCTAssertEqual(cs("GBK").encode(t, vr: .LO), withBackslashTrail)
        } else {
            XCTFail("0x81 0x5C is a GBK character")
        }
        XCTAssertNil(cs("GB18030").decode([0x41, 0xCD][...], vr: .LO))  // truncated
    }

    func testUTF8() {
        // chrX1
        let x1: [UInt8] = [
            0x57, 0x61, 0x6E, 0x67, 0x5E, 0x58, 0x69, 0x61, 0x6F, 0x44, 0x6F, 0x6E, 0x67, 0x3D,
            0xE7, 0x8E, 0x8B, 0x5E, 0xE5, 0xB0, 0x8F, 0xE6, 0x9D, 0xB1, 0x3D, 0x20
        ]
        check(cs("ISO_IR 192"), x1, "Wang^XiaoDong=王^小東= ")
        check(cs("ISO_IR 192"), b("Buc^Jérôme"), "Buc^Jérôme")
        XCTAssertNil(cs("ISO_IR 192").decode([0x41, 0xC3][...], vr: .PN))
        XCTAssertNil(cs("ISO_IR 192").decode([0xC0, 0xAF][...], vr: .PN))  // overlong
        XCTAssertNil(cs("ISO_IR 192").decode([0xED, 0xA0, 0x80][...], vr: .PN))  // surrogate
    }

    // MARK: Encoding failures

    func testUnrepresentable() {
        XCTAssertNil(cs("ISO_IR 100").encode("山", vr: .PN))
        XCTAssertNil(cs("", "ISO 2022 IR 149").encode("ﾔﾏﾀﾞ", vr: .PN))  // KS X 1001 has hiragana, not half-width katakana
        XCTAssertNil(cs("ISO_IR 126").encode("Ω\u{1B}", vr: .LO))  // ESC would read as an escape sequence
        XCTAssertNil(cs("FOO").encode("é", vr: .LO))
        XCTAssertEqual(cs("FOO").decode(b("ABC")[...], vr: .LO), "ABC")
        XCTAssertNil(cs("FOO").decode([0xE9][...], vr: .LO))
    }

    func testRoundTripsAcrossSets() {
        let all = cs(
            "", "ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144", "ISO 2022 IR 13",
            "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58")
        for text in [
            "Buc^Jérôme", "Διονυσιος^Λюк", "ﾔﾏﾀﾞ^山田=やまだ", "홍^길동=洪", "张^小东", "a\rb\nc\td",
            "Ü山ÜΩ홍Ω张"
        ] {
            for vr in [VR.PN, .LO, .LT, .SH, .ST, .UC, .UT] {
                guard let enc = all.encode(text, vr: vr) else { XCTFail("\(text) \(vr)"); continue }
                XCTAssertEqual(all.decode(enc[...], vr: vr), text, "\(text) \(vr)")
            }
        }
    }

    // MARK: Hostile bytes

    func testMalformedEscapeSequences() {
        let j = cs("", "ISO 2022 IR 87")
        let cases: [[UInt8]] = [
            [0x1B],  // lone ESC
            [0x41, 0x1B],
            [0x1B, 0x24],  // truncated
            [0x1B, 0x24, 0x29],
            [0x1B, 0x24, 0x28],
            [0x1B, 0x28, 0x5A],  // unknown final byte
            [0x1B, 0x2D, 0x5A],
            [0x1B, 0x25, 0x47],  // ESC % G (UTF-8 via ISO 2022) unsupported
            [0x1B, 0x24, 0x42, 0x3B],  // odd byte count in JIS X 0208
            [0x1B, 0x24, 0x42, 0x3B, 0x0A],  // pair broken by a control
            [0x1B, 0x24, 0x29, 0x43, 0xB1],  // truncated KS X 1001
            [0x1B, 0x24, 0x29, 0x43, 0xB1, 0x41],
            [0x1B, 0x24, 0x29, 0x43, 0x80, 0x80],
            [0x1B, 0x24, 0x42, 0x3B, 0x7F]  // DEL is not a JIS X 0208 trail byte
        ]
        for c in cases {
            XCTAssertNil(j.decode(c[...], vr: .PN), "\(c)")
        }
        // Designated but unassigned JIS X 0208 code point.
        XCTAssertNil(j.decode([0x1B, 0x24, 0x42, 0x7E, 0x7E, 0x1B, 0x28, 0x42][...], vr: .PN))
        // DEL and SPACE between JIS X 0208 pairs are single-byte characters.
        XCTAssertEqual(j.decode([0x1B, 0x24, 0x42, 0x7F, 0x20, 0x3B, 0x33][...], vr: .PN), "\u{7F} 山")
        // ESC in a VR outside the character set is just a control character.
        XCTAssertEqual(j.decode([0x41, 0x1B][...], vr: .CS), "A\u{1B}")
    }

    func testRandomBytesNeverCrash() {
        let sets = [
            SpecificCharacterSet.defaultRepertoire, cs("ISO_IR 100"), cs("ISO_IR 166"), cs("ISO_IR 13"),
            cs("ISO_IR 192"), cs("GB18030"), cs("GBK"), cs("ISO_IR 127"),
            cs("ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"),
            cs("", "ISO 2022 IR 149"), cs("", "ISO 2022 IR 58"), cs("ISO 2022 IR 100", "ISO 2022 IR 144")
        ]
        var rng = SplitMix64(seed: 0xD1C0)
        // Bias towards interesting bytes: ESC, intermediates, finals, delimiters, GR.
        let interesting: [UInt8] = [
            0x1B, 0x24, 0x28, 0x29, 0x2D, 0x42, 0x4A, 0x43, 0x41, 0x44, 0x49, 0x46,
            0x5C, 0x5E, 0x3D, 0x0D, 0x0A, 0xA1, 0xB1, 0xFE, 0xFF, 0x80, 0x8F, 0x8E
        ]
        var decoded = 0
        for _ in 0..<4000 {
            let len = Int(rng.next() % 24)
            var bytes: [UInt8] = []
            for _ in 0..<len {
                let r = rng.next()
                bytes.append(r & 1 == 0 ? interesting[Int((r >> 8) % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: r >> 16))
            }
            for s in sets {
                for vr in [VR.PN, .LO, .LT, .CS] {
                    if let text = s.decode(bytes[...], vr: vr) {
                        decoded += 1
                        // Whatever decodes must re-encode to something that decodes the same.
                        if let enc = s.encode(text, vr: vr) {
                            XCTAssertEqual(s.decode(enc[...], vr: vr), text, "\(s) \(vr) \(bytes)")
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(decoded, 0)
    }

    // MARK: Concurrency (pooled iconv descriptors)

    func testConcurrentDecodeEncode() {
        let j = cs("", "ISO 2022 IR 87")
        let k = cs("", "ISO 2022 IR 149")
        let g = cs("GB18030")
        let yamada = Self.yamadaH31
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 64) { n in
            for _ in 0..<200 {
                if j.decode(yamada[...], vr: .PN) != "Yamada^Tarou=山田^太郎=やまだ^たろう" { failures.add() }
                if j.encode("Yamada^Tarou=山田^太郎=やまだ^たろう", vr: .PN) != yamada { failures.add() }
                if let e = k.encode("홍^길동=洪\(n)", vr: .PN), k.decode(e[...], vr: .PN) == "홍^길동=洪\(n)" {} else { failures.add() }
                if let e = g.encode("王^小东\(n)", vr: .PN), g.decode(e[...], vr: .PN) == "王^小东\(n)" {} else { failures.add() }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

private final class Counter: Sendable {
    private let n = Mutex(0)
    func add() { n.withLock { $0 += 1 } }
    var value: Int { n.withLock { $0 } }
}
