using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Processing;

/// <summary>The directives that act on the device (draft-ietf-suit-manifest-37 §6.4 table: store, fetch, swap, invoke).
/// Each goes to the platform as it runs: nothing is staged (see <see cref="SuitProcessor"/>).</summary>
internal sealed partial class SuitInterpreter
{
    // store(current, fetch(current.params[uri])). A fragment-only URI names an integrated payload of the envelope
    // ("Integrated Payload Template"): it is taken from there, not fetched.
    private async Task<Step> FetchAsync(SuitComponent component, SuitParameterTable parameters)
    {
        if (parameters.Uri is not { } uri)
            return DirectiveFailed(SuitRecordProperties.Empty, SuitProcessingError.ParameterMissing, "uri is not set");
        var properties = SuitRecordProperties.Empty.WithText(SuitParameterKeys.Uri, uri);
        var content = uri.StartsWith('#') && _envelope.IntegratedPayloads.TryGetValue(uri, out var integrated)
            ? integrated
            : await _platform.FetchAsync(uri, Optional(parameters.FetchArguments), _cancellationToken);
        _platform.Write(component, content);
        return new Step(properties);
    }

    // store(current, current.params[content])
    private Step Write(SuitComponent component, SuitParameterTable parameters)
    {
        if (parameters.Content is not { } content)
            return DirectiveFailed(SuitRecordProperties.Empty, SuitProcessingError.ParameterMissing, "content is not set");
        _platform.Write(component, content);
        return new Step(SuitRecordProperties.Empty);
    }

    // store(current, current.params[src-component]) / swap(current, current.params[src-component]);
    // "If either the source component parameter or the source component itself is absent, this command fails."
    private Step CopyOrSwap(long code, SuitComponent component, SuitParameterTable parameters)
    {
        if (parameters.SourceComponent is not { } source)
            return DirectiveFailed(SuitRecordProperties.Empty, SuitProcessingError.ParameterMissing, "source-component is not set");
        var properties = SuitRecordProperties.Empty.WithUnsigned(SuitParameterKeys.SourceComponent, source);
        if (source >= (ulong)_components.Count)
            return DirectiveFailed(properties, SuitProcessingError.ComponentIndexInvalid, $"source component {source} is not in the manifest");
        var from = Component((int)source);
        if (code == SuitCommandCodes.DirectiveCopy)
        {
            if (_platform.Read(from) is null)
                return DirectiveFailed(properties, SuitProcessingError.OperationFailed, $"source component {from.Key} is empty");
            _platform.Copy(from, component);
        }
        else
        {
            _platform.Swap(from, component);
        }
        return new Step(properties);
    }

    // invoke(current, current.params[invoke-args])
    private Step Invoke(SuitComponent component, SuitParameterTable parameters)
    {
        _platform.Invoke(component, Optional(parameters.InvokeArgs));
        return new Step(SuitRecordProperties.Empty);
    }

    // Not `value is null ? null : value`: the null literal would convert through byte[] to an empty, non-null memory.
    private static ReadOnlyMemory<byte>? Optional(byte[]? value) => value is null ? default(ReadOnlyMemory<byte>?) : value;

    private static Step DirectiveFailed(SuitRecordProperties properties, SuitProcessingError code, string message) =>
        new(properties, SuitReportReason.OperationFailed, code, message);
}
