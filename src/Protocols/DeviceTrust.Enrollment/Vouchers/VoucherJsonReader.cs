using System.Text.Json;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>Strict reading of the JSON form (see <see cref="VoucherJson"/>); all-or-nothing.</summary>
internal static class VoucherJsonReader
{
    public static VoucherValues Read(ReadOnlyMemory<byte> utf8Json, bool isRequest)
    {
        var values = new VoucherValues(isRequest);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            throw new VoucherFormatException("JSON", $"not well-formed JSON ({e.Message})", e);
        }

        using (document)
        {
            var container = TopLevel(document.RootElement, values.TopName);
            foreach (var property in container.EnumerateObject())
            {
                var member = VoucherMember.ByName(property.Name, isRequest)
                    ?? throw new VoucherFormatException(property.Name, $"is not a member of {values.TopName}");
                if (!values.TryAdd(member, ReadValue(member, property.Value)))
                    throw new VoucherFormatException(member.Name, "appears more than once (a YANG leaf has a single instance)");
            }
        }

        if (values.FirstViolation() is { } violation)
            throw new VoucherFormatException(violation.Member, violation.Problem);
        return values;
    }

    private static JsonElement TopLevel(JsonElement root, string topName)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new VoucherFormatException("JSON", $"the document must be an object holding \"{topName}\", found {root.ValueKind}");
        JsonElement? container = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != topName)
                throw new VoucherFormatException(property.Name, $"unknown top-level member; expected only \"{topName}\" (RFC 8366 §5.3)");
            if (container is not null)
                throw new VoucherFormatException(topName, "appears more than once");
            container = property.Value;
        }
        if (container is not { ValueKind: JsonValueKind.Object } found)
            throw new VoucherFormatException(topName, container is null ? "is missing" : "must be an object");
        return found;
    }

    private static object ReadValue(VoucherMember member, JsonElement value)
    {
        if (member.Kind == VoucherValueKind.Boolean)
        {
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new VoucherFormatException(member.Name, $"must be true or false, found {value.ValueKind}"),
            };
        }
        if (value.ValueKind != JsonValueKind.String)
            throw new VoucherFormatException(member.Name, $"must be a JSON string, found {value.ValueKind}");

        var text = value.GetString()!;
        return member.Kind switch
        {
            VoucherValueKind.Text => text,
            VoucherValueKind.DateAndTime => YangDateAndTime.Parse(text)
                ?? throw new VoucherFormatException(member.Name, $"\"{text}\" is not a yang:date-and-time (RFC 6991 §3)"),
            VoucherValueKind.Assertion => VoucherAssertionNames.FromYangName(text)
                ?? throw new VoucherFormatException(member.Name, $"\"{text}\" is not verified, logged, proximity or agent-proximity"),
            _ => Base64(member, text),
        };
    }

    // RFC 7951 §6.6 binary is base64 (RFC 4648 §4). Only the canonical spelling is accepted: no whitespace, padding
    // present, unused bits zero, so that one value has one encoding.
    private static byte[] Base64(VoucherMember member, string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var length) || Convert.ToBase64String(buffer, 0, length) != text)
            throw new VoucherFormatException(member.Name, "is not canonical base64 (RFC 7951 §6.6, RFC 4648 §4)");
        return buffer[..length];
    }
}
