using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// Strict reading of the SID-keyed CBOR payload (see <see cref="ConstrainedVoucherCbor"/>) over the strict CBOR core
/// of DeviceTrust.Cose. The member map is read here rather than as a core labelled map: its keys may be tagged
/// absolute SIDs (RFC 9254 §3.2), which are not int / tstr labels.
/// </summary>
internal static class ConstrainedVoucherCborReader
{
    private const string Where = "CBOR";

    public static VoucherValues Read(byte[] data, bool isRequest)
    {
        var values = new VoucherValues(isRequest);
        try
        {
            StrictCbor.Decode(data, Where, reader => ReadCore(reader, values));
        }
        catch (CborFormatException e)
        {
            throw new VoucherFormatException(e.Where, e.What, e);
        }
        if (values.FirstViolation() is { } violation)
            throw new VoucherFormatException(violation.Member, violation.Problem);
        return values;
    }

    private static VoucherValues ReadCore(CborReader reader, VoucherValues values)
    {
        var top = values.IsRequest ? VoucherSids.Request : VoucherSids.Voucher;
        StrictCbor.ExpectState(reader, CborReaderState.StartMap, Where, $"a map {{{top}: {{...}}}}");
        if (reader.ReadStartMap() is not 1)
            throw new VoucherFormatException(Where, $"the top-level map must hold exactly one entry, {values.TopName} ({top})");
        StrictCbor.ExpectState(reader, CborReaderState.UnsignedInteger, Where, "a SID key");
        var topKey = reader.ReadUInt64();
        if (topKey != (ulong)top)
            throw new VoucherFormatException(Where, $"top-level SID {topKey} is not {values.TopName} ({top})" +
                (topKey == (ulong)(values.IsRequest ? VoucherSids.Voucher : VoucherSids.Request) ? "; wrong artifact type" : ""));

        StrictCbor.ExpectState(reader, CborReaderState.StartMap, values.TopName, "a map of members");
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            // The strict reader refuses a key encoding it has already seen in this map; Guard names the container.
            var sid = StrictCbor.Guard(values.TopName, () => ReadSid(reader, top, values.TopName));
            var member = VoucherMember.BySid(sid, values.IsRequest)
                ?? throw new VoucherFormatException(values.TopName, $"SID {sid} (delta {sid - top}) is not a member of {values.TopName}");
            if (!values.TryAdd(member, ReadValue(reader, member)))
                throw new VoucherFormatException(member.Name, "appears more than once (RFC 9254 §3.2: absolute and delta SID of one leaf)");
        }
        reader.ReadEndMap();
        reader.ReadEndMap();
        return values;
    }

    // RFC 9254 §3.2: a key is a delta from the parent SID, or an absolute SID under tag 47.
    private static long ReadSid(CborReader reader, long parent, string where)
    {
        if (reader.PeekState() == CborReaderState.Tag)
        {
            var tag = reader.ReadTag();
            if ((ulong)tag != VoucherSids.AbsoluteSidTag)
                throw new VoucherFormatException(where, $"member key has tag {(ulong)tag}; only 47 (absolute SID) is allowed");
            StrictCbor.ExpectState(reader, CborReaderState.UnsignedInteger, where, "an absolute SID");
            return checked((long)reader.ReadUInt64());
        }
        StrictCbor.ExpectInteger(reader, where);
        return checked(parent + reader.ReadInt64());
    }

    private static object ReadValue(CborReader reader, VoucherMember member)
    {
        switch (member.Kind)
        {
            case VoucherValueKind.Text:
                StrictCbor.ExpectState(reader, CborReaderState.TextString, member.Name, "a text string");
                return reader.ReadTextString();
            case VoucherValueKind.DateAndTime:
                StrictCbor.ExpectState(reader, CborReaderState.TextString, member.Name, "a yang:date-and-time text string");
                var text = reader.ReadTextString();
                return YangDateAndTime.Parse(text)
                    ?? throw new VoucherFormatException(member.Name, $"\"{text}\" is not a yang:date-and-time (RFC 6991 §3)");
            case VoucherValueKind.Boolean:
                StrictCbor.ExpectState(reader, CborReaderState.Boolean, member.Name, "true or false (RFC 9254 §6.9)");
                return reader.ReadBoolean();
            case VoucherValueKind.Assertion:
                StrictCbor.ExpectState(reader, CborReaderState.UnsignedInteger, member.Name, "an enumeration value (RFC 9254 §6.6: encoded as an integer)");
                var value = reader.ReadUInt64();
                return VoucherAssertionNames.IsDefined((long)Math.Min(value, long.MaxValue))
                    ? (VoucherAssertion)value
                    : throw new VoucherFormatException(member.Name, $"{value} is not an assertion value (0 verified .. 3 agent-proximity)");
            default:
                StrictCbor.ExpectState(reader, CborReaderState.ByteString, member.Name, "a byte string (RFC 9254 §6.7)");
                return reader.ReadByteString();
        }
    }
}
