namespace FibreCafe.Operations.Security;

/// <summary>What a request to the page wants to do, each with its own policy.</summary>
internal enum OperationsRight
{
    /// <summary>See the pages: <see cref="FibreCafeOperationsOptions.ViewPolicy"/>.</summary>
    View,

    /// <summary>Act: <see cref="FibreCafeOperationsOptions.ViewPolicy"/> and <see cref="FibreCafeOperationsOptions.OperatePolicy"/>.</summary>
    Operate,

    /// <summary>Read the JSON stats: <see cref="FibreCafeOperationsOptions.StatsPolicy"/>, or the view policy.</summary>
    Stats,
}
