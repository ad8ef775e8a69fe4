"""Embedded table of real Spack package names with a few of their real variants.

One package per line: ``name build_system category variant...``; an indented line
continues the package above it. A variant is ``+name`` (boolean, on by default), ``~name``
(boolean, off by default) or ``name=a|b|c`` (a single or list value, first choice the
default). Build-system variants such as
``build_type`` for CMake are added by :mod:`bench.catalog`, so they are not repeated here.
The lines are in rough popularity order: the generator's Zipf weights follow line order,
the way core dependencies (compression, build tools, Python) dominate a real build cache.
"""

from __future__ import annotations

__all__ = ["PACKAGE_TABLE"]

PACKAGE_TABLE = """
gcc-runtime generic runtime
zlib-ng autotools compression +compat ~new_strategies +opt +pic +shared
cmake generic build ~doc +ncurses +ownlibs ~qtgui
python generic python +bz2 +crypt +ctypes +dbm ~debug +libxml2 +lzma ~optimizations +pic +pyexpat
    +readline +shared +sqlite3 +ssl ~tkinter +uuid +zlib
openssl generic crypto certs=mozilla|system ~docs +shared
curl autotools network ~gssapi ~ldap ~libidn2 ~librtmp libs=shared,static|shared ~libssh ~libssh2
    +nghttp2 tls=openssl|mbedtls
ncurses autotools text ~symlinks +termlib abi=none|6
bzip2 generic compression ~debug +pic +shared
xz autotools compression ~pic libs=shared,static|shared
zstd makefile compression +programs compression=none|lz4 libs=shared,static|shared
libxml2 autotools text ~http +pic ~python +shared
pkgconf autotools build
libiconv autotools text libs=shared,static|shared
readline autotools text
sqlite autotools database +column_metadata +dynamic_extensions +fts ~functions +rtree
gdbm autotools database
libffi autotools runtime
expat autotools text ~libbsd
util-linux-uuid autotools runtime
gettext autotools text +bzip2 +curses +git ~libunistring +libxml2 +pic +shared +tar +xz
perl generic devtools +cpanm +opcode +open +shared +threads
tar autotools compression zip=pigz|gzip
libmd autotools runtime
libbsd autotools runtime
berkeley-db autotools database +cxx ~docs +stl
openmpi autotools mpi +atomics ~cuda ~debug fabrics=none|ofi|ucx ~gpfs ~internal-hwloc
    ~internal-libevent ~java ~lustre ~memchecker ~openshmem ~rsh schedulers=none|slurm +static
    +wrapper-rpath
mpich autotools mpi ~argobots ~cuda datatype-engine=auto device=ch4 +fortran ~hwloc +hydra
    netmod=ofi|ucx +libxml2 pmi=pmi|pmix ~rocm +romio ~slurm ~verbs +wrapperrpath
hwloc autotools runtime ~cairo ~cuda ~gl ~libudev +libxml2 ~nvml ~oneapi-level-zero ~opencl +pci
    ~rocm +shared
libpciaccess autotools runtime
numactl autotools runtime
libevent autotools network +openssl
pmix autotools runtime ~munge ~python
ucx autotools network ~assertions ~cma ~cuda ~debug ~gdrcopy ~java ~knem ~logging +openmp
    +optimizations ~parameter_checking +pic ~rocm +thread_multiple ~verbs ~xpmem
libfabric autotools network ~debug fabrics=sockets,tcp,udp|efa,sockets,tcp,udp ~kdreg ~uring
hdf5 cmake io api=default ~cxx +fortran +hl ~java ~map +mpi +shared ~subfiling ~szip +threadsafe
    +tools
netcdf-c cmake io ~dap ~fsync ~hdf4 ~jna +mpi ~nczarr_zip +optimize ~parallel-netcdf +pic +shared
    ~szip +zstd
netcdf-fortran autotools io ~doc +pic +shared
parallel-netcdf autotools io ~burstbuffer +cxx +fortran +pic +shared
boost generic library +atomic +chrono ~context ~coroutine +date_time ~debug +exception +filesystem
    +graph ~icu +iostreams ~json +locale +log +math ~mpi +multithreaded ~numpy ~pic
    +program_options ~python +random +regex +serialization +shared +system +test +thread +timer
    cxxstd=17|14|11 visibility=hidden|global
fmt cmake text +pic +shared cxxstd=11|14|17
spdlog cmake text +shared
nlohmann-json cmake text ~multiple_headers
eigen cmake linear-algebra
openblas makefile linear-algebra ~bignuma ~consistent_fpcsr +dynamic_dispatch +fortran ~ilp64
    +locking +pic +shared symbol_suffix=none threads=none|openmp|pthreads
netlib-lapack cmake linear-algebra ~external-blas +lapacke +pic +shared ~xblas
intel-oneapi-mkl generic linear-algebra ~cluster +envmods ~gfortran ~ilp64 +shared
    threads=none|openmp|tbb
fftw autotools math ~mpi +openmp ~pfft_patches precision=float,double|float,double,long_double
gsl autotools math ~external-cblas +pic +shared
suite-sparse generic linear-algebra ~cuda ~graphblas ~openmp +pic
metis cmake mesh ~gdb ~int64 ~real64 +shared
parmetis cmake mesh ~gdb ~int64 +shared
scotch cmake mesh ~compression ~esmumps ~int64 ~metis +mpi +mpi_thread ~noarch +shared +threads
superlu-dist cmake linear-algebra ~cuda ~int64 ~openmp ~parmetis +shared ~rocm
hypre autotools solver ~caliper ~complex ~cuda ~debug +fortran ~gptune ~int64 ~internal-superlu
    ~magma ~mixedint +mpi ~openmp ~rocm +shared ~superlu-dist ~sycl ~umpire ~unified-memory
petsc generic solver ~X ~batch ~cgns ~complex ~cuda ~debug +double ~exodusii ~fftw +fortran +hdf5
    ~hpddm ~hwloc +hypre ~int64 ~kokkos +metis +mpi ~mumps ~openmp ~ptscotch ~rocm ~scalapack
    +shared ~strumpack ~suite-sparse +superlu-dist ~trilinos clanguage=C|C++
slepc generic solver +arpack ~blopex ~cuda ~hpddm ~rocm
trilinos cmake solver ~adelus ~adios2 +amesos +amesos2 +anasazi +aztec ~basker +belos ~boost ~chaco
    ~complex ~cuda ~debug +epetra +epetraext ~exodus +explicit_template_instantiation ~float
    +fortran ~gtest +hdf5 +ifpack +ifpack2 ~intrepid ~intrepid2 ~isorropia +kokkos ~mesquite
    ~minitensor +ml +mpi +muelu ~mumps ~nox ~openmp ~panzer ~phalanx ~piro ~python ~rocm ~rol
    ~rythmos +sacado ~shards +shared ~shylu ~stk ~stokhos ~stratimikos ~strumpack ~suite-sparse
    ~superlu ~superlu-dist ~teko ~tempus ~thyra +tpetra ~wrapper ~x11 ~zoltan ~zoltan2 cxxstd=17
    gotype=long_long
kokkos cmake runtime ~aggressive_vectorization ~alloc_async ~cmake_lang ~compiler_warnings
    +complex_align ~cuda ~debug ~debug_bounds_check ~deprecated_code ~examples ~hpx ~hwloc ~memkind
    ~numactl ~openmp ~openmptarget ~pic ~rocm +serial +shared ~sycl ~tests ~threads ~tuning
    ~wrapper cxxstd=17|20 intel_gpu_arch=none
kokkos-kernels cmake linear-algebra ~blas ~cublas ~cusparse ~execspace_cuda ~execspace_openmp
    +execspace_serial ~lapack ~mkl ~openmp ~serial +shared ~superlu
raja cmake runtime ~cuda ~desul ~examples ~exercises ~lowopttest ~omptask ~openmp ~plugins ~rocm
    ~run-all-tests +shared ~tests ~vectorization
umpire cmake runtime ~asan ~backtrace +c ~cuda ~dev_benchmarks ~device_alloc ~deviceconst ~examples
    ~fmt_header_only ~fortran ~ipc_shmem ~mpi ~numa ~omptarget ~openmp ~rocm ~sanitizer_tests
    +shared ~sqlite_experimental ~tools +werror
camp cmake runtime ~cuda ~omptarget ~openmp ~rocm ~sycl ~tests
chai cmake runtime ~benchmarks ~cuda ~enable_pick ~examples ~openmp ~raja ~rocm
    ~separable_compilation +shared ~tests
blt cmake build
caliper cmake perf +adiak ~cuda ~fortran ~gotcha +libdw ~libpfm ~libunwind +mpi ~papi ~rocm
    +sampler +shared ~sosflow
adiak cmake perf +mpi +shared
mfem generic math ~amgx ~conduit ~cuda ~debug ~examples ~exceptions ~fms ~ginkgo ~gnutls ~gslib
    ~lapack ~libceed ~libunwind +metis ~miniapps ~mpfr +mpi ~netcdf ~occa ~openmp ~petsc ~pumi
    ~raja ~rocm ~shared ~slepc +static ~strumpack ~suite-sparse ~sundials ~superlu-dist ~threadsafe
    ~umpire +zlib timer=auto
sundials cmake solver +ARKODE +CVODE +CVODES +IDA +IDAS +KINSOL ~cuda +examples +examples-install
    ~f2003 ~fcmix ~generic-math ~ginkgo ~hypre ~int64 ~klu ~kokkos ~lapack ~magma ~monitoring +mpi
    ~openmp ~petsc ~profiling ~pthread ~raja ~rocm +shared +static ~superlu-dist ~superlu-mt ~sycl
    ~trilinos precision=double index-size=64 cstd=99 cxxstd=14
adios2 cmake io ~aws +blosc2 +bzip2 ~campaign ~cuda ~dataspaces ~fortran ~hdf5 ~kokkos ~libcatalyst
    ~libpressio +mgard +mpi +pic +png ~python ~rocm +sha256 +shared +sst ~sycl +zfp
zfp cmake compression ~aligned ~c ~cuda ~fasthash ~fortran ~openmp ~profile ~python +shared
    ~strided ~twoway bsws=64 round=never
c-blosc2 cmake compression +avx2 +lizard +lz4 +snappy +zlib +zstd
lz4 makefile compression libs=shared,static
snappy cmake compression +pic +shared
libpng cmake graphics libs=shared,static
libjpeg-turbo cmake graphics ~jpeg8 libs=shared,static
libtiff cmake graphics +ccitt +jpeg ~jbig +logluv ~lzma +lzw +next ~old-jpeg +packbits ~pixarlog
    +shared +thunder ~webp +zlib ~zstd
freetype autotools graphics
fontconfig autotools graphics
libx11 autotools graphics
mesa meson graphics ~glx +llvm +opengl ~opengles +osmesa ~strip
vtk cmake viz ~examples +ffmpeg ~mpi +opengl2 ~python +shared ~xdmf
paraview cmake viz +adios2 ~advanced_debug build_edition=canonical +catalyst ~cdi ~cuda +examples
    +fortran +hdf5 ~kits ~libcatalyst +mpi ~nvindex +opengl2 ~pagosa ~python ~qt ~raytracing ~rocm
    +shared ~tbb ~visitbridge use_vtkm=default
visit cmake viz ~adios2 ~conduit ~gui ~hdf5 ~mfem +mpi ~python ~silo +vtkm
vtk-m cmake viz ~64bitids ~ascent_types ~cuda +doubleprecision ~examples ~fpic ~kokkos ~logging
    ~mpi +openmp ~rocm +shared ~tbb ~testlib ~virtuals
ascent cmake viz ~adios2 +babelflow ~blt_find_mpi ~caliper ~cuda ~dray +fides ~genten +mfem +mpi
    ~occa +openmp ~python +serial +shared +test ~vtkh
conduit cmake io +blt_find_mpi ~doc ~doxygen +examples +fortran +hdf5 +hdf5_compat +mpi +parmetis
    ~python +shared ~silo +test +utilities ~zfp
silo autotools io ~fortran ~hdf5 ~hzip ~mpi +pic ~python +shared ~silex
catalyst cmake viz ~conduit ~fortran +mpi ~python +shared
libcatalyst cmake viz ~conduit ~fortran +mpi ~python
llvm cmake compiler +clang compiler-rt=runtime ~cuda ~flang +gold +libomptarget ~libomptarget_debug
    ~link_llvm_dylib +lld +lldb +llvm_dylib +lua ~mlir +polly ~python ~split_dwarf ~z3 ~zstd
    libcxx=runtime libunwind=runtime openmp=runtime
gcc autotools compiler ~binutils +bootstrap ~graphite ~mold ~nvptx ~piclibs ~profiled +strip
    languages=c,c++,fortran
binutils autotools compiler ~debuginfod +gas +gold ~gprofng ~headers ~interwork +ld ~libiberty ~lto
    +nls ~pgo +plugins libs=shared,static
gmp autotools math +cxx libs=shared,static
mpfr autotools math libs=shared,static
mpc autotools math libs=shared,static
isl autotools math
autoconf autotools build
automake autotools build
libtool autotools build
m4 autotools build +sigsegv
gmake generic build ~guile
ninja generic build +re2c
meson python_pip build
re2c cmake build
bison autotools build ~color
flex autotools build +lex ~nls
diffutils autotools devtools
findutils autotools devtools
gawk autotools text ~nls
git autotools devtools ~man +nls ~perl +subtree ~svn ~tcltk
git-lfs makefile devtools
patchelf autotools devtools
elfutils autotools devtools +bzip2 ~debuginfod +exeprefix +nls +xz +zstd
libunwind autotools devtools ~block_signals ~conservative_checks ~cxx_exceptions ~debug
    ~debug_frame +docs +pic +tests +weak_backtrace ~xz ~zlib components=none libs=shared,static
gdb autotools devtools ~debuginfod +gold ~ld ~lto ~python ~quad ~source-highlight +tui ~xz
valgrind autotools devtools ~boost ~mpi +only64bit +ubsan
ccache cmake devtools
gperftools cmake perf ~debugalloc ~libunwind +sized_delete
papi autotools perf ~cuda +example ~infiniband ~lmsensors ~nvml ~powercap ~rapl ~rocm ~rocm_smi
    ~sde +shared ~static_tools
tau makefile perf ~adios2 +binutils ~comm ~craycnl ~cuda +elf +fortran ~gasnet +io ~level_zero
    +libdwarf +libunwind ~likwid +mpi ~ompt ~opari ~opencl ~openmp +otf2 +papi +pdt ~phase
    ~profileparam +pthreads ~python ~rocm ~rocprofiler ~roctracer ~scorep ~shmem ~sqlite ~x86_64
hpctoolkit autotools perf ~cray ~cuda ~debug ~level_zero ~mpi ~opencl +papi ~python ~rocm ~viewer
scorep autotools perf ~cuda ~gcc-plugin +mpi ~papi ~pdt ~shmem ~unwind
otf2 autotools perf
likwid makefile perf ~cuda +fortran ~nvidia
darshan-runtime autotools io ~apmpi ~apmpi_sync ~apxc ~hdf5 ~ldms +mpi ~parallel-netcdf
    scheduler=NONE
darshan-util autotools io ~apmpi ~apxc ~bzip2
dyninst cmake devtools +openmp +stat_dysect ~static
intel-tbb cmake runtime +shared +tm cxxstd=default
intel-oneapi-tbb generic runtime
cuda generic gpu ~allow-unsupported-compilers ~dev
cudnn generic ml
nccl makefile ml +cuda
rocblas cmake gpu amdgpu_target=auto ~asan +tensile
hip cmake gpu ~asan ~cuda +rocm
hipblas cmake gpu ~asan ~cuda +rocm
rocfft cmake gpu amdgpu_target=auto ~asan
rocprim cmake gpu amdgpu_target=auto ~asan
rocthrust cmake gpu amdgpu_target=auto ~asan
rocsolver cmake gpu amdgpu_target=auto ~asan +optimal
rocsparse cmake gpu amdgpu_target=auto ~asan ~test
hsa-rocr-dev cmake gpu ~asan +image +shared
llvm-amdgpu cmake gpu ~link_llvm_dylib ~llvm_dylib +rocm-device-libs
magma cmake linear-algebra ~cuda ~fortran ~rocm +shared
ginkgo cmake solver ~cuda ~develtools ~full_optimizations ~hwloc ~mpi +openmp ~rocm +shared ~sycl
strumpack cmake solver ~butterflypack +c_interface ~count_flops ~cuda +mpi +openmp +parmetis ~rocm
    ~scotch +shared ~slate ~task_timers +zfp
mumps makefile solver +complex +double +float ~incfort ~int64 +metis +mpi ~openmp ~parmetis
    ~ptscotch ~scotch +shared
netlib-scalapack cmake linear-algebra ~pic +shared
arpack-ng cmake linear-algebra ~icb +mpi +shared
slate cmake linear-algebra ~cuda +mpi +openmp ~rocm +shared ~sycl
blaspp cmake linear-algebra ~cuda +openmp ~rocm +shared ~sycl
lapackpp cmake linear-algebra ~cuda ~rocm +shared ~sycl
heffte cmake math ~cuda +fftw ~fortran ~magma ~mkl ~python ~rocm +shared
amrex cmake math ~amrdata ~cuda ~eb ~fft ~fortran ~hdf5 ~hypre +linear_solvers +mpi ~openmp
    ~particles ~petsc ~pic ~plotfile_tools ~rocm ~shared ~sundials ~sycl ~tiny_profile dimensions=3
    precision=double
warpx cmake physics ~app ~ascent ~catalyst +eb +fft +lib +mpi ~openpmd ~python ~qed ~qedtablegen
    +shared ~sensei compute=omp|cuda precision=double
openpmd-api cmake io +adios2 ~examples +hdf5 +mpi ~python +shared ~tests
lammps cmake chem ~kokkos +kspace +manybody +molecule +mpi ~openmp ~python +rigid +shared
gromacs cmake chem ~cp2k ~cuda ~cycle_subcounters ~double ~hwloc ~intel_provided_gcc ~mdrun_only
    +mpi ~nosuffix ~opencl +openmp ~plumed ~relaxed_double_precision +shared ~sycl
quantum-espresso cmake chem ~elpa ~environ +epw ~fox ~gipaw ~libxc +mpi ~nosuffix +openmp +patch
    ~qmcpack +scalapack hdf5=none
nwchem generic chem ~fftw3 ~libxc ~mpipr ~openmp armci=mpi-ts
cp2k cmake chem ~cosma ~cuda ~dlaf ~elpa ~enable_regtests ~libint ~libxc +mpi ~mpi_f08 +openmp
    ~pexsi ~plumed ~sirius ~spglib ~spla lmax=5 smm=libxsmm
libxc cmake chem ~cuda ~fortran +shared ~kxc ~lxc
elpa autotools linear-algebra ~autotune ~cuda ~mpi +openmp ~rocm
qmcpack cmake physics ~afqmc ~complex ~cuda ~gui +mixed ~mpi ~ppconvert ~qe ~rocm ~sycl
namd makefile chem ~cuda ~plumed ~rocm fftw=3 interface=none
openfoam generic cfd ~float32 ~int64 ~kahip ~knl ~metis ~mgridgen ~paraview +scotch +source ~spdp
    ~vtk ~zoltan
nek5000 generic cfd +mpi ~visit
geant4 cmake physics ~motif +opengl ~python ~qt ~timemory ~tbb +threads ~vecgeom ~vtk ~x11
    cxxstd=17
root cmake physics ~aqua ~arrow ~cuda +davix ~emacs +examples ~fftw ~fits ~fortran +gdml ~graphviz
    +gsl +http ~jemalloc ~math +minuit ~mlp ~mysql ~opengl ~postgres ~pythia8 +python ~r +roofit
    ~root7 +rpath ~shadow ~spectrum ~sqlite ~ssl ~tbb +threads ~tmva ~unuran ~vc ~vdt +webgui +x
    ~xml ~xrootd cxxstd=17|20
xrootd cmake physics ~client_only ~davix +http ~krb5 +python +readline ~scitokens-cpp cxxstd=17
hepmc3 cmake physics ~interfaces ~protobuf ~python ~rootio
pythia8 autotools physics ~evtgen ~fastjet ~hdf5 ~hepmc ~hepmc3 ~lhapdf ~madgraph5amc ~mpich
    ~openmpi ~python ~rivet +shared
fastjet autotools physics ~atlas +auto-ptr plugins=all
lhapdf autotools physics +python
dd4hep cmake physics +ddalign +ddcad +ddcond +ddeve +ddg4 +ddrec ~debug +doc ~edm4hep +geant4
    ~hepmc3 ~lcio ~utilityapps ~xercesc
acts cmake physics ~alignment ~analysis ~autodiff ~binaries ~cuda ~dd4hep ~edm4hep ~examples
    ~fatras ~geant4 ~hepmc3 ~json ~legacy ~odd ~onnx ~pythia8 ~python ~tgeo ~unit_tests
vecgeom cmake physics ~cuda ~geant4 ~gdml ~root +shared
xerces-c autotools text netaccessor=curl transcoder=gnuiconv cxxstd=default
clhep cmake physics ~cms cxxstd=17
podio cmake physics ~rntuple ~sio cxxstd=17
edm4hep cmake physics cxxstd=17
lcio cmake physics ~examples +jar ~rootdict
py-numpy python_pip python
py-scipy python_pip math
py-pandas python_pip python
py-matplotlib python_pip viz ~animation ~fonts ~latex ~movies backend=agg
py-torch python_pip ml ~caffe2 ~cuda ~custom-protobuf ~debug +distributed +fbgemm +gloo +kineto
    ~magma ~metal +mkldnn +mpi ~nccl +numa +numpy +onnx_ml +openmp ~qnnpack ~rocm +tensorpipe ~test
    +valgrind ~xnnpack
py-tensorflow python_pip ml ~android ~cuda ~dynamic_kernels ~gcp ~ios ~jemalloc ~mkl ~mpi ~nccl
    ~numa ~rocm ~tensorrt ~xla
py-jax python_pip ml
py-jaxlib python_pip ml ~cuda ~rocm
py-keras python_pip ml backend=tensorflow|jax|torch
py-scikit-learn python_pip ml
py-transformers python_pip ml
py-torchvision python_pip ml ~ffmpeg ~nvjpeg ~png ~video_codec
py-torchaudio python_pip ml
py-xgboost python_pip ml
py-onnx python_pip ml
py-tensorboard python_pip ml
py-h5py python_pip io +mpi
py-mpi4py python_pip mpi
py-cython python_pip python
py-pip python_pip python
py-setuptools python_pip python
py-wheel python_pip python
py-packaging python_pip python
py-six python_pip python
py-pyyaml python_pip python +libyaml
py-requests python_pip network ~socks
py-urllib3 python_pip network ~brotli ~secure ~socks
py-certifi python_pip network
py-idna python_pip network
py-charset-normalizer python_pip text
py-jinja2 python_pip text ~i18n
py-markupsafe python_pip text
py-pygments python_pip text
py-docutils python_pip text
py-sphinx python_pip devtools
py-pytest python_pip devtools
py-pluggy python_pip devtools
py-iniconfig python_pip devtools
py-python-dateutil python_pip python
py-pytz python_pip python
py-tzdata python_pip python
py-typing-extensions python_pip python
py-attrs python_pip python
py-filelock python_pip python
py-fsspec python_pip io
py-sympy python_pip math
py-mpmath python_pip math
py-networkx python_pip math ~extra
py-pillow python_pip graphics +freetype ~imagequant +jpeg ~jpeg2000 ~lcms +tiff ~webp ~xcb +zlib
py-protobuf python_pip python
py-grpcio python_pip network
py-absl-py python_pip python
py-tqdm python_pip text ~notebook ~telegram
py-psutil python_pip devtools
py-pybind11 cmake python
py-flit-core python_pip build
py-hatchling python_pip build
py-poetry-core python_pip build
py-setuptools-scm python_pip build +toml
py-pyparsing python_pip text
py-kiwisolver python_pip python
py-cycler python_pip python
py-fonttools python_pip graphics ~unicode ~woff
py-contourpy python_pip math
py-netcdf4 python_pip io ~mpi
py-xarray python_pip io
py-dask python_pip python
py-numba python_pip python ~tbb
py-llvmlite python_pip compiler
py-numexpr python_pip math
py-bottleneck python_pip math
py-jsonschema python_pip text
py-ipython python_pip devtools
py-jupyterlab python_pip devtools
py-notebook python_pip devtools
py-tornado python_pip network
py-pyzmq python_pip network
py-cffi python_pip python
py-pycparser python_pip python
py-cryptography python_pip crypto
py-lxml python_pip text ~cssselect ~html5 ~htmlsoup
py-beautifulsoup4 python_pip text ~html5lib ~lxml
py-click python_pip devtools
py-rich python_pip text
py-pydantic python_pip python ~dotenv ~email
py-safetensors python_pip ml
py-tokenizers python_pip ml
py-huggingface-hub python_pip ml ~cli
py-einops python_pip ml
py-optree python_pip python
py-ml-dtypes python_pip ml
py-opt-einsum python_pip math
py-gast python_pip python
py-flatbuffers python_pip python
py-wrapt python_pip python
py-scikit-build-core python_pip build +pyproject
py-meson-python python_pip build
py-maturin python_pip build
py-setuptools-rust python_pip build
py-versioneer python_pip build +toml
py-trove-classifiers python_pip build
py-pathspec python_pip build
py-editables python_pip build
py-tomli python_pip text
py-toml python_pip text
py-pyproject-metadata python_pip build
py-hatch-vcs python_pip build
py-mako python_pip text
py-greenlet python_pip python
py-sqlalchemy python_pip database
py-pyarrow python_pip io ~cuda ~dataset ~orc ~parquet
py-petsc4py python_pip solver ~mpi
py-slepc4py python_pip solver
py-libensemble python_pip python ~deap ~mpi ~mpmath ~nlopt ~petsc4py ~pyyaml ~scipy ~tasmanian
py-cupy python_pip gpu ~all ~cuda ~rocm
py-pycuda python_pip gpu
py-biopython python_pip bio
protobuf cmake text +shared
abseil-cpp cmake runtime +shared cxxstd=14|17
re2 cmake text ~icu +pic +shared
grpc cmake network ~codegen +shared cxxstd=14|17
flatbuffers cmake text +python ~shared
googletest cmake devtools +gmock +pthreads +shared cxxstd=11|14|17
benchmark cmake perf
catch2 cmake devtools ~pic ~shared cxxstd=14|17
yaml-cpp cmake text +pic +shared ~tests
libyaml autotools text
jsoncpp cmake text cxxstd=default
rapidjson cmake text ~doc
cereal cmake text
tinyxml2 cmake text +shared
pugixml cmake text +pic +shared
json-c cmake text
libarchive autotools compression compression=bz2lib,lz4,lzma,lzo2,zlib,zstd crypto=mbedtls|openssl
    ~iconv programs=none xar=expat
pigz makefile compression
libaec cmake compression
c-blosc cmake compression +avx2
brotli cmake compression
openssh autotools network +gssapi
krb5 autotools crypto ~shared
libssh2 cmake network crypto=mbedtls|openssl +shared
nghttp2 autotools network
mbedtls makefile crypto +pic libs=static
gnutls autotools crypto ~guile +zlib
nettle autotools crypto
libgcrypt autotools crypto
libgpg-error autotools crypto
libsodium autotools crypto
ca-certificates-mozilla generic crypto
libidn2 autotools text
libunistring autotools text
icu4c autotools text cxxstd=11|17
pcre2 autotools text ~jit +multibyte
pcre autotools text ~jit +multibyte +pic +shared +static +utf
oniguruma autotools text
jq autotools text
glib meson runtime ~libmount tracing=none
libxslt autotools text +crypto +python
libxcrypt autotools crypto ~obsolete_api
qt generic gui ~dbus ~debug +framework ~gtk ~opengl ~phonon +shared +sql +ssl +tools ~webkit
qt-base cmake gui +accessibility +dbus ~examples +gui +network +opengl +shared +sql +widgets
gtkplus meson gui ~cups
cairo autotools graphics ~X ~fc ~ft +gobject +pdf ~png ~svg
pixman autotools graphics
harfbuzz meson graphics ~graphite2
pango meson graphics ~X
libepoxy meson graphics ~glx
glew cmake graphics gl=glx|osmesa
ffmpeg autotools graphics ~X +avresample ~drawtext +gpl ~libaom ~libmp3lame ~libopenjpeg ~libopus
    ~libsnappy ~libspeex ~libssh ~libvorbis ~libwebp ~libx264 ~libxml2 ~libzmq ~lzma ~nonfree
    +shared ~sdl2 +bzlib
imagemagick autotools graphics ~ghostscript
gnuplot autotools viz +X ~aquaterm +cairo ~libcerf +gd ~qt ~wx
graphviz autotools viz ~doc +expat ~gts ~java +libgd ~pangocairo ~poppler ~qt ~quartz ~x
doxygen cmake devtools ~graphviz ~mscgen
openjdk generic devtools
maven generic build
ant generic build
go generic compiler
rust generic compiler ~analysis ~clippy ~dev ~rustfmt ~src
node-js generic devtools ~debug ~doc +icu4c +openssl +shared +zlib
lua makefile devtools +pcfile +shared fetcher=curl
luajit makefile devtools
tcl autotools devtools
tk autotools gui +xft +xss
swig autotools devtools
r autotools stats ~X +memory_profiling ~rmath
julia generic compiler ~cuda
emacs autotools devtools ~X ~json +native ~tls toolkit=gtk|athena
vim autotools devtools ~cscope ~gui ~lua ~perl ~python ~ruby ~x features=normal|huge
tmux autotools devtools ~utf8proc
htop autotools devtools ~delayacct ~hwloc ~sensors
rsync autotools devtools
wget autotools network +libpsl +pcre ~gpgme ~zlib ssl=openssl|gnutls
subversion autotools devtools ~nls ~perl ~serf
slurm autotools runtime ~cgroup ~gtk ~hdf5 ~hwloc ~mariadb ~nvml ~pmix +readline ~restd
munge autotools crypto
rdma-core cmake network ~man_pages +static
libnl autotools network
ucc autotools mpi ~cuda ~rocm
mvapich2 autotools mpi ~alloca ~cuda ~debug fabrics=mrail|psm ~hwloc_graphics ~hwlocv2 +regcache
    +wrapperrpath file_systems=auto process_managers=auto threads=multiple
intel-oneapi-mpi generic mpi +envmods ~external-libfabric ~generic-names ~ilp64
intel-oneapi-compilers generic compiler ~amd ~envmods ~nvidia
nvhpc generic compiler +blas +lapack ~mpi
mpifileutils cmake io ~experimental ~gpfs ~lustre ~xattr
libcircle autotools io
lwgrp autotools io
dtcmp autotools io
hdf autotools io ~external-xdr ~fortran ~java +netcdf +shared ~static +szip
netcdf-cxx4 cmake io ~doc +pic +shared
cgns cmake io ~base_scope ~fortran ~hdf5 ~int64 ~legacy ~mem_debug +mpi ~pic ~scoping ~static
    ~testing ~tools
seacas cmake io +applications ~cgns +fortran ~legacy +mpi ~pamgen +shared ~tests ~thread_safe ~x11
    ~zoltan
moab autotools mesh +hdf5 +mpi ~netcdf ~parmetis ~shared ~zoltan
gmsh cmake mesh ~alglib ~cairo ~cgns ~compression ~eigen ~external ~fltk ~gmp ~hdf5 ~med ~metis
    +mmg ~mpi ~netgen ~oce ~opencascade ~openmp ~petsc ~privateapi +shared ~slepc ~tetgen ~voropp
mmg cmake mesh +scotch +shared +vtk
p4est autotools mesh +mpi +openmp
libmesh autotools mesh ~boost ~eigen ~exodusii ~fparser ~gmv ~laspack ~metis +mpi ~nemesis ~netcdf
    ~nanoflann ~parmetis ~petsc ~slepc ~tetgen ~trilinos ~vtk
dealii cmake math +adol-c +arborx +arpack +assimp ~cgal ~complex ~cuda ~doc +examples ~ginkgo +gmsh
    +gsl +hdf5 ~int64 +metis +mpi ~muparser ~nanoflann ~netcdf ~oce ~optflags +p4est +petsc ~python
    ~scalapack +slepc +sundials ~symengine ~threads ~trilinos ~vtk
zoltan autotools mesh ~debug +fortran +mpi +shared
omega-h cmake mesh ~cuda ~examples +mpi +optimize +shared ~symbols ~throw ~trilinos +zlib
precice cmake math +mpi +petsc ~python +shared
sz cmake compression ~fortran ~hdf5 ~netcdf ~pastri ~python +random_access +shared ~stats
    ~time_compression
sz3 cmake compression ~hdf5 ~mdz ~openmp ~python
libpressio cmake compression ~arc ~bitgrooming ~blosc ~boost ~bzip2 ~core ~cuda ~digitrounding
    ~docs ~fpzip ~ftk ~hdf5 ~json ~lua ~magick ~mgard ~mpi ~ndzip ~netcdf ~openmp ~petsc ~python
    ~qoz ~sz ~sz3 ~zfp
mgard cmake compression ~cuda +openmp ~timing
faodel cmake io ~hdf5 +mpi +shared serializer=cereal
unifyfs autotools io ~auto-mount ~boostsys ~fortran ~pmi ~pmix ~preload ~spath
hdf5-vol-async cmake io
hdf5-vol-cache cmake io
hdf5-vol-log autotools io
flux-core autotools runtime ~docs
flux-sched cmake runtime ~cuda ~docs
legion cmake runtime ~bindings ~cuda ~enable_tls ~fortran ~hdf5 ~hwloc ~kokkos ~libdl ~openmp ~papi
    ~python ~redop_complex ~rocm ~shared network=none|gasnet
charmpp cmake runtime backend=netlrts|mpi build-target=LIBS ~cuda ~omp ~papi ~pthreads ~shared ~smp
    ~syncft ~tcp ~tracing
hpx cmake runtime ~async_cuda ~async_mpi ~cuda ~examples ~generic_coroutines +networking ~rocm
    ~sycl ~tools cxxstd=17 malloc=tcmalloc|jemalloc|system instrumentation=none max_cpu_count=64
    networking=tcp|mpi
upcxx makefile runtime ~cross ~cuda ~gasnet ~level_zero +mpi ~rocm
gasnet autotools runtime ~cuda ~debug ~level_zero ~rocm conduits=smp|mpi,smp
argobots autotools runtime ~affinity ~debug ~lazy_stack_alloc ~perf ~tool ~valgrind stackguard=none
mercury cmake network +bmi ~boostsys ~checksum ~debug ~hwloc +mpi +ofi +shared +sm ~ucx
mochi-margo autotools network ~pvar
libquo autotools runtime
qthreads autotools runtime +hwloc ~spawn_cache +static scheduler=distrib stack_size=4096
papyrus cmake io
bolt cmake runtime
globalarrays autotools solver ~blas ~cxx ~lapack ~scalapack armci=mpi-ts
plumed autotools chem +gsl +mpi +shared
openmm cmake chem ~cuda
bowtie2 makefile bio ~tbb
samtools autotools bio
bcftools autotools bio ~libgsl ~perl-filters
htslib autotools bio +libcurl ~libdeflate
blast-plus autotools bio +bzip2 ~freetype ~gnutls ~jpeg ~lzo ~openssl +pcre +perl ~png +python
    ~zstd
bwa makefile bio
hmmer autotools bio ~gsl +mpi
gatk generic bio
nco autotools climate ~doc
cdo autotools climate +curl +fftw3 +netcdf +proj +udunits2
ncview autotools climate
esmf makefile climate ~debug ~external-lapack ~external-parallelio +mpi ~pnetcdf +shared
    snapshot=none
parallelio cmake climate ~fortran +mpi ~pnetcdf +shared ~timing
wrf generic climate ~chem ~pnetcdf build_type=dm+sm compile_type=em_real nesting=basic
mpas-model makefile climate ~openmp
udunits autotools climate
proj cmake geo +curl +tiff
gdal cmake geo ~arrow ~blosc +curl +deflate +expat ~geos +gif ~hdf5 +jpeg +lerc ~netcdf +png +qhull
    ~python +shared +sqlite3 +zstd
geos cmake geo +shared
eccodes cmake climate +aec ~fortran ~memfs ~netcdf +openjpeg ~png +shared ~tools
openjpeg cmake graphics ~codec
giflib makefile graphics
libwebp autotools graphics
glm cmake math cxxstd=default
cgal cmake math ~core ~demos ~eigen ~header_only ~imageio +shared
qhull cmake math
muparser cmake math +openmp +samples
symengine cmake math ~boostmp ~flint ~llvm +mpc +mpfr ~openmp ~piranha +shared +thread_safe
flint autotools math
octave autotools math ~arpack ~curl ~fftw ~fltk ~fontconfig ~freetype ~gl2ps ~glpk ~gnuplot ~hdf5
    ~jdk ~llvm ~magick ~opengl ~qhull ~qrupdate ~qscintilla ~qt ~readline ~suitesparse ~zlib
glpk autotools math +gmp
ipopt autotools math +coinhsl ~debug +metis ~mumps
nlopt cmake math +cxx ~guile ~matlab ~octave ~python +shared
tasmanian cmake math ~blas ~cuda ~fortran ~magma ~mpi +openmp ~python ~rocm ~xsdkflags
butterflypack cmake linear-algebra ~openmp +shared
arborx cmake math ~cuda ~mpi ~rocm ~sycl ~trilinos
datatransferkit cmake math ~external-arborx +openmp ~serial +shared
alquimia cmake chem +shared
pflotran autotools chem
nekrs cmake cfd ~cuda ~opencl ~rocm
libceed makefile math ~cuda ~debug ~magma ~occa +shared ~rocm
occa cmake runtime ~cuda ~opencl ~openmp
fortrilinos cmake solver ~hl +shared
amdblis generic linear-algebra ~blas ~cblas ~ilp64 ~suphandling threads=none|openmp
amdlibflame autotools linear-algebra ~debug ~ilp64 +lapack2flame +shared +static threads=none
blis generic linear-algebra ~blas ~cblas ~shared ~static threads=none|openmp|pthreads
libflame autotools linear-algebra ~debug ~lapack2flame ~shared ~static threads=none
sleef cmake math
onednn cmake ml acl=none cpu_runtime=omp gpu_runtime=none
hipfft cmake gpu ~asan ~cuda +rocm
hipcub cmake gpu ~asan ~cuda +rocm
rccl cmake gpu amdgpu_target=auto ~asan
miopen-hip cmake ml ~asan
rocm-smi-lib cmake gpu ~asan +shared
roctracer-dev cmake gpu ~asan
rocprofiler-dev cmake gpu ~asan
comgr cmake gpu ~asan
sst-core autotools physics ~curses ~hdf5 ~memprof ~preview ~profile ~trackevents ~trackperf +zlib
axom cmake math ~arborx ~c2c ~cuda ~devtools +examples +fortran +hdf5 +lua ~mfem +mpi ~opencascade
    +openmp ~pic ~python +raja ~rocm ~scotch +shared +tools +umpire
care cmake runtime ~benchmarks ~cuda ~examples ~implicit_conversions ~loop_fuser ~openmp ~rocm
    ~tests
lvarray cmake runtime +chai ~caliper ~cuda ~docs ~examples ~pylvarray ~rocm ~tests
hiop cmake solver ~cuda ~deepchecking ~ginkgo ~jsrun ~kron +mpi ~rocm ~shared ~sparse
exago cmake solver ~cuda ~hiop ~ipopt ~logging +mpi ~python +raja ~rocm
zlib makefile compression +optimize +pic +shared
openldap autotools network ~client_only ~dynamic ~perl ~sasl +static tls=gnutls|openssl
postgresql autotools database ~client_only ~gssapi ~perl ~python ~tcl ~threadsafe ~xml
mariadb-c-client cmake database
redis makefile database ~tls
lmod autotools devtools ~auto_swap +redirect
environment-modules autotools devtools ~X
texinfo autotools text
help2man autotools text
groff autotools text ~pdf ~uchardet ~x
bazel generic build ~nodepfail
scons python_pip build
arrow cmake io ~brotli ~bz2 ~compute ~cuda ~filesystem ~gandiva ~glog ~hdfs ~ipc ~jemalloc ~lz4
    ~orc ~parquet ~python ~shared ~snappy ~tensorflow ~zlib ~zstd
thrift cmake network +pic +shared
cyrus-sasl autotools crypto
libxkbcommon meson gui ~wayland
wayland meson gui ~doc
"""
