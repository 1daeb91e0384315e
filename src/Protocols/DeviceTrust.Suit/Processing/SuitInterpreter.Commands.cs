using System.Net.Http;
using System.Security.Cryptography;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Processing;

/// <summary>The conditions and the directives that take a reporting policy, on one component (draft-ietf-suit-manifest-37
/// §6.4 table, "SUIT_Condition", "SUIT_Directive"), and the records their policy asks for.</summary>
internal sealed partial class SuitInterpreter
{
    // The outcome of one command on one component: what it measured (the record's properties) and, when it failed, why.
    private sealed record Step(SuitRecordProperties Properties, SuitReportReason Reason = SuitReportReason.Ok,
        SuitProcessingError Code = 0, string? Message = null)
    {
        public bool Succeeded => Reason == SuitReportReason.Ok;
    }

    private async Task<SuitProcessingFailure?> ExecuteAsync(SuitReportingCommand command, ulong offset, long section, int index)
    {
        var component = Component(index);
        Step step;
        try
        {
            step = await StepAsync(command.Code, component);
        }
        catch (Exception e) when (e is SuitOperationException or IOException or HttpRequestException)
        {
            step = new Step(SuitRecordProperties.Empty, SuitReportReason.OperationFailed, SuitProcessingError.OperationFailed,
                $"{command.Name} failed: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            step = new Step(SuitRecordProperties.Empty, SuitReportReason.AlgorithmUnsupported, SuitProcessingError.DigestAlgorithmUnsupported, e.Message);
        }
        Report(command.Policy, step, new SuitRecord([], section, offset, (ulong)index, step.Properties), component);
        return step.Succeeded ? null
            : Fail(section, offset, index, step.Reason, step.Code, $"{command.Name} on component {component.Key}: {step.Message}", step.Properties);
    }

    private void Report(SuitReportingPolicy policy, Step step, SuitRecord record, SuitComponent component)
    {
        if (policy.HasFlag(step.Succeeded ? SuitReportingPolicy.RecordOnSuccess : SuitReportingPolicy.RecordOnFailure))
            _records.Add(record);
        // system-property-claims holds at least one parameter (+ $$SUIT_Parameters).
        if (policy.HasFlag(step.Succeeded ? SuitReportingPolicy.SysInfoOnSuccess : SuitReportingPolicy.SysInfoOnFailure) && step.Properties.Count > 0)
            _records.Add(new SuitSystemProperties(component.Id, step.Properties));
    }

    private async Task<Step> StepAsync(long code, SuitComponent component)
    {
        var parameters = _parameters[component.Index];
        var identity = _platform.Identity;
        return code switch
        {
            SuitCommandCodes.ConditionVendorIdentifier => Identifier(SuitParameterKeys.VendorId, parameters.VendorId, identity.VendorIds),
            SuitCommandCodes.ConditionClassIdentifier => Identifier(SuitParameterKeys.ClassId, parameters.ClassId, identity.ClassIds),
            SuitCommandCodes.ConditionDeviceIdentifier => Identifier(SuitParameterKeys.DeviceId, parameters.DeviceId,
                identity.DeviceId is { } id ? [id] : []),
            SuitCommandCodes.ConditionImageMatch => ImageMatch(component, parameters),
            SuitCommandCodes.ConditionCheckContent => CheckContent(component, parameters),
            SuitCommandCodes.ConditionComponentSlot => ComponentSlot(component, parameters),
            SuitCommandCodes.ConditionAbort => ConditionFailed(SuitRecordProperties.Empty, "abort"),
            SuitCommandCodes.DirectiveFetch => await FetchAsync(component, parameters),
            SuitCommandCodes.DirectiveWrite => Write(component, parameters),
            SuitCommandCodes.DirectiveCopy or SuitCommandCodes.DirectiveSwap => CopyOrSwap(code, component, parameters),
            SuitCommandCodes.DirectiveInvoke => Invoke(component, parameters),
            _ => new Step(SuitRecordProperties.Empty, SuitReportReason.CommandUnsupported, SuitProcessingError.CommandUnsupported, "not supported"),
        };
    }

    // assert(binary-match(current, current.params[vendor-id])); "If no ID has been set, this condition fails."
    private static Step Identifier(long key, byte[]? expected, IReadOnlyList<byte[]> actual)
    {
        var properties = actual.Count > 0 ? SuitRecordProperties.Empty.WithBytes(key, actual[0]) : SuitRecordProperties.Empty;
        if (expected is null)
            return Missing(key, properties);
        return actual.Any(a => a.AsSpan().SequenceEqual(expected)) ? new Step(properties)
            : ConditionFailed(properties, $"{SuitParameterKeys.Name(key)} {Convert.ToHexStringLower(expected)} does not match the device");
    }

    // assert(binary-match(digest(current), current.params[digest])), and the image size when it is set.
    private Step ImageMatch(SuitComponent component, SuitParameterTable parameters)
    {
        if (parameters.ImageDigest is not { } expected)
            return Missing(SuitParameterKeys.ImageDigest, SuitRecordProperties.Empty);
        if (_platform.Measure(component, expected.Algorithm) is not { } measured)
            return ConditionFailed(SuitRecordProperties.Empty, "the component is empty");
        var properties = SuitRecordProperties.Empty.WithDigest(SuitParameterKeys.ImageDigest, measured.Digest)
            .WithUnsigned(SuitParameterKeys.ImageSize, measured.Size);
        var digestMatches = measured.Digest.Algorithm == expected.Algorithm && measured.Digest.Bytes.Length == expected.Bytes.Length
            && CryptographicOperations.FixedTimeEquals(measured.Digest.Bytes.Span, expected.Bytes.Span);
        if (!digestMatches)
            return ConditionFailed(properties, "the image digest does not match");
        return parameters.ImageSize is { } size && size != measured.Size
            ? ConditionFailed(properties, $"the image is {measured.Size} bytes, not {size}")
            : new Step(properties);
    }

    // "suit-condition-check-content MUST be constant time: no early exits." The content is not reported.
    private Step CheckContent(SuitComponent component, SuitParameterTable parameters)
    {
        if (parameters.Content is not { } expected)
            return Missing(SuitParameterKeys.Content, SuitRecordProperties.Empty);
        var actual = _platform.Read(component);
        return actual is { } content && content.Length == expected.Length && CryptographicOperations.FixedTimeEquals(content.Span, expected)
            ? new Step(SuitRecordProperties.Empty)
            : ConditionFailed(SuitRecordProperties.Empty, "the content does not match");
    }

    // assert(current.slot-index == arg)
    private Step ComponentSlot(SuitComponent component, SuitParameterTable parameters)
    {
        var actual = _platform.SlotOf(component);
        var properties = actual is { } slot ? SuitRecordProperties.Empty.WithUnsigned(SuitParameterKeys.ComponentSlot, slot) : SuitRecordProperties.Empty;
        if (parameters.ComponentSlot is not { } expected)
            return Missing(SuitParameterKeys.ComponentSlot, properties);
        return actual == expected ? new Step(properties) : ConditionFailed(properties, $"the component is not in slot {expected}");
    }

    private static Step ConditionFailed(SuitRecordProperties properties, string message) =>
        new(properties, SuitReportReason.ConditionFailed, SuitProcessingError.ConditionFailed, message);

    // "If a Recipient attempts to process a condition that expects additional information and that information has
    // not been set, it MUST report a failure."
    private static Step Missing(long key, SuitRecordProperties properties) =>
        new(properties, SuitReportReason.ConditionFailed, SuitProcessingError.ParameterMissing, $"{SuitParameterKeys.Name(key)} is not set");
}
