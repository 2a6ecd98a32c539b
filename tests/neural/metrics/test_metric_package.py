import subprocess
import sys


def test_public_names_are_functions_in_any_import_order_and_package_import_is_light():
    code = (
        "import sys\n"
        "import gantheory.neural.metrics as M\n"
        "assert 'torch' not in sys.modules\n"
        "import gantheory.neural.metrics.fid\n"
        "import gantheory.neural.metrics.inception_score\n"
        "import gantheory.neural.metrics.sliced\n"
        "from gantheory.neural.metrics import fid, inception_score, sliced_wasserstein, classifier_score\n"
        "for name in M.__all__:\n"
        "    assert callable(getattr(M, name)) and not isinstance(getattr(M, name), type(sys)), name\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
