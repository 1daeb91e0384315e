using System.Formats.Cbor;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>Strict reading of the SID-keyed CBOR payload (see <see cref="ConstrainedVoucherCbor"/>).</summary>
internal static class ConstrainedVoucherCborReader
{
    private const string Where = "CBOR";

    public static VoucherValues Read(byte[] data, bool isRequest)
    {
        var values = new VoucherValues(isRequest);
        try
        {
            ReadCore(data, values);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            // CborReader reports truncation and unexpected major types with these.
            throw new VoucherFormatException(Where, $"malformed CBOR ({e.Message})", e);
        }
        if (values.FirstViolation() is { } violation)
            throw new VoucherFormatException(violation.Member, violation.Problem);
        return values;
    }

    private static void ReadCore(byte[] data, VoucherValues values)
    {
        if (data.Length == 0)
            throw new VoucherFormatException(Where, "empty input");
        var top = values.IsRequest ? VoucherSids.Request : VoucherSids.Voucher;
        var reader = new CborReader(data, CborConformanceMode.Strict);   // refuses duplicate map keys

        Expect(reader, CborReaderState.StartMap, Where, $"a map {{{top}: {{...}}}}");
        if (reader.ReadStartMap() is not 1)
            throw new VoucherFormatException(Where, $"the top-level map must hold exactly one entry, {values.TopName} ({top})");
        Expect(reader, CborReaderState.UnsignedInteger, Where, "a SID key");
        var topKey = reader.ReadUInt64();
        if (topKey != (ulong)top)
            throw new VoucherFormatException(Where, $"top-level SID {topKey} is not {values.TopName} ({top})" +
                (topKey == (ulong)(values.IsRequest ? VoucherSids.Voucher : VoucherSids.Request) ? "; wrong artifact type" : ""));

        Expect(reader, CborReaderState.StartMap, values.TopName, "a map of members");
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            long sid;
            try
            {
                sid = ReadSid(reader, top, values.TopName);
            }
            catch (CborContentException e)
            {
                // The strict reader refuses a key encoding it has already seen in this map.
                throw new VoucherFormatException(values.TopName, $"member key refused ({e.Message})", e);
            }
            var member = VoucherMember.BySid(sid, values.IsRequest)
                ?? throw new VoucherFormatException(values.TopName, $"SID {sid} (delta {sid - top}) is not a member of {values.TopName}");
            if (!values.TryAdd(member, ReadValue(reader, member)))
                throw new VoucherFormatException(member.Name, "appears more than once (RFC 9254 §3.2: absolute and delta SID of one leaf)");
        }
        reader.ReadEndMap();
        reader.ReadEndMap();
        if (reader.BytesRemaining != 0)
            throw new VoucherFormatException(Where, $"{reader.BytesRemaining} trailing byte(s) after the payload map");
    }

    // RFC 9254 §3.2: a key is a delta from the parent SID, or an absolute SID under tag 47.
    private static long ReadSid(CborReader reader, long parent, string where)
    {
        if (reader.PeekState() == CborReaderState.Tag)
        {
            var tag = reader.ReadTag();
            if ((ulong)tag != VoucherSids.AbsoluteSidTag)
                throw new VoucherFormatException(where, $"member key has tag {(ulong)tag}; only 47 (absolute SID) is allowed");
            Expect(reader, CborReaderState.UnsignedInteger, where, "an absolute SID");
            return checked((long)reader.ReadUInt64());
        }
        if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            throw new VoucherFormatException(where, $"member key must be a SID delta (integer), found {reader.PeekState()}");
        return checked(parent + reader.ReadInt64());
    }

    private static object ReadValue(CborReader reader, VoucherMember member)
    {
        switch (member.Kind)
        {
            case VoucherValueKind.Text:
                Expect(reader, CborReaderState.TextString, member.Name, "a text string");
                return reader.ReadTextString();
            case VoucherValueKind.DateAndTime:
                Expect(reader, CborReaderState.TextString, member.Name, "a yang:date-and-time text string");
                var text = reader.ReadTextString();
                return YangDateAndTime.Parse(text)
                    ?? throw new VoucherFormatException(member.Name, $"\"{text}\" is not a yang:date-and-time (RFC 6991 §3)");
            case VoucherValueKind.Boolean:
                Expect(reader, CborReaderState.Boolean, member.Name, "true or false (RFC 9254 §6.9)");
                return reader.ReadBoolean();
            case VoucherValueKind.Assertion:
                Expect(reader, CborReaderState.UnsignedInteger, member.Name, "an enumeration value (RFC 9254 §6.6: encoded as an integer)");
                var value = reader.ReadUInt64();
                return VoucherAssertionNames.IsDefined((long)Math.Min(value, long.MaxValue))
                    ? (VoucherAssertion)value
                    : throw new VoucherFormatException(member.Name, $"{value} is not an assertion value (0 verified .. 3 agent-proximity)");
            default:
                Expect(reader, CborReaderState.ByteString, member.Name, "a byte string (RFC 9254 §6.7)");
                return reader.ReadByteString();
        }
    }

    private static void Expect(CborReader reader, CborReaderState expected, string member, string what)
    {
        var state = reader.PeekState();
        if (state != expected)
            throw new VoucherFormatException(member, $"{what} expected, found {state}");
    }
}
